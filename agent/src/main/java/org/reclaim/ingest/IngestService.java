package org.reclaim.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.Wrapped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.reclaim.core.Ids;
import org.reclaim.core.LimitsProperties;
import org.reclaim.core.Times;
import org.reclaim.remittance.Identification;
import org.reclaim.remittance.IdentificationRules;
import org.reclaim.x12.FileReport;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.X12Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Stores X12 files: 835 remittances with the denials identified in them, 837 claims, and
 * 999/997/277CA acknowledgments. Both ingestion paths (HTTP upload, drop folder) come here.
 *
 * <p>A file is read twice, streaming: the first pass checks it is readable and names its
 * transactions, so those already stored are skipped (docs/contracts.md §3); the second turns the
 * new ones into COPY rows spooled to disk. Everything new is then stored in one database
 * transaction — the file is stored whole or not at all — and linked to what was stored before.
 */
@Service
public class IngestService {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    private static final int COPY_CHUNK = 256 * 1024;

    private final ConnectionFactory connections;
    private final DatabaseClient db;
    private final IdentificationRules rules;
    private final List<StoredFileListener> listeners;
    private final Clock clock;
    private final X12Limits limits;

    /** reclaim.limits.upload-bytes: also the cap of a file in the drop folder. */
    private final long maxBytes;

    public IngestService(
            ConnectionFactory connections,
            DatabaseClient db,
            IdentificationRules rules,
            List<StoredFileListener> listeners,
            Clock clock,
            LimitsProperties limits) {
        this.clock = clock;
        this.limits = limits.x12();
        this.maxBytes = limits.uploadBytes().toBytes();
        this.connections = connections;
        this.db = db;
        this.rules = rules;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * {@code source}: "upload" or "inbox". Fails with {@link UnreadableFileException} for a file
     * that cannot be stored.
     *
     * <p>First the fast way, betting the file is new (the usual case): rows are copied while the
     * file is still being read, in one open database transaction. If the bet is lost — something in
     * the file is stored already, or another upload of it wins a unique key — that transaction is
     * rolled back and the file is stored the careful way: read, compare with what is stored, copy
     * only what is new.
     */
    public Mono<IngestResult> ingest(Path file, String name, String source, UUID practiceId) {
        return Mono.fromCallable(() -> Files.size(file))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(
                        size ->
                                size > maxBytes
                                        ? Mono.error(
                                                UnreadableFileException.tooLarge(
                                                        maxBytes, maxBytes))
                                        : checked(file, name, source, practiceId));
    }

    private Mono<IngestResult> checked(Path file, String name, String source, UUID practiceId) {
        // the catalog in force when the file arrives decides which adjustments are denials
        Identification identification = rules.identification();
        return streamed(file, name, source, practiceId, identification)
                .onErrorResume(
                        e ->
                                e instanceof AlreadyStored
                                        || e instanceof R2dbcDataIntegrityViolationException,
                        e ->
                                careful(file, name, source, practiceId, identification)
                                        // two uploads of the same transaction at once: the loser's
                                        // commit breaks a
                                        // unique key; a second attempt finds the winner's rows and
                                        // names them
                                        .onErrorResume(
                                                R2dbcDataIntegrityViolationException.class,
                                                again ->
                                                        careful(
                                                                file,
                                                                name,
                                                                source,
                                                                practiceId,
                                                                identification)))
                .flatMap(this::afterCommit);
    }

    /**
     * The file is stored: its new denials are triaged, then its answers applied, then anything an
     * earlier failure left behind. None of this can unstore the file, so a failure here does not
     * fail the upload: it is logged, said in the result's warnings, and done again later ({@link
     * #catchUp}).
     */
    private Mono<IngestResult> afterCommit(IngestResult result) {
        Mono<Void> own =
                !result.created()
                        ? Mono.empty()
                        : answer(
                                new StoredFile(
                                        result.fileId(),
                                        orEmpty(result.remittances()),
                                        orEmpty(result.acknowledgments())));
        Mono<IngestResult> stored =
                listenersCatchUp()
                        .then(own)
                        .thenReturn(result)
                        .onErrorResume(
                                e -> {
                                    log.warn(
                                            "file {} is stored, but applying it to the denials failed (tried again later): {}",
                                            result.fileId(),
                                            e.toString());
                                    return Mono.just(
                                            result.withWarnings(
                                                    List.of(
                                                            "the file is stored, but applying it to the open "
                                                                    + "denials failed; it is applied again later")));
                                });
        // other files left pending are not this upload's business: a failure there is only logged
        return stored.flatMap(
                r ->
                        applyPendingAnswers()
                                .onErrorResume(
                                        e -> {
                                            log.warn(
                                                    "applying the answers of files left pending failed (tried again later): {}",
                                                    e.toString());
                                            return Mono.empty();
                                        })
                                .thenReturn(r));
    }

    private static List<UUID> orEmpty(List<UUID> ids) {
        return ids == null ? List.of() : ids;
    }

    /**
     * What a failure or a crash after a commit left undone: denials not triaged, files whose
     * answers were not applied. Runs at start-up, after every stored file and before every agent
     * pass.
     */
    public Mono<Void> catchUp() {
        return listenersCatchUp().then(applyPendingAnswers());
    }

    private Mono<Void> listenersCatchUp() {
        return Flux.fromIterable(listeners).concatMap(StoredFileListener::catchUp).then();
    }

    @EventListener(ApplicationReadyEvent.class)
    void catchUpAtStartUp() {
        catchUp()
                .subscribe(
                        null,
                        e -> log.error("catching up on stored files failed: {}", e.toString()));
    }

    /**
     * How long an instance may take to apply a file's answers before another takes the file over.
     */
    static final String ANSWER_LEASE = "interval '10 minutes'";

    /**
     * Tells the listeners of a stored file, then marks its answers applied; a failure leaves it
     * pending.
     */
    private Mono<Void> answer(StoredFile file) {
        return Flux.fromIterable(listeners)
                .concatMap(l -> l.stored(file))
                .then()
                .then(
                        db.sql(
                                        "UPDATE x12_file SET answered_at = now(), answering_until = NULL WHERE id = :id")
                                .bind("id", file.fileId())
                                .then());
    }

    /**
     * Applies, oldest first, the answers of every stored file not applied yet whose lease has
     * lapsed (a failure, or an instance that died). Each file is leased before it is applied, so
     * two instances never apply the same file at once. Stops at the first failure: that file waits
     * for its lease.
     */
    public Mono<Void> applyPendingAnswers() {
        return leaseNextPending()
                .flatMap(
                        id ->
                                storedFile(id)
                                        .flatMap(this::answer)
                                        .doOnSuccess(
                                                v ->
                                                        log.info(
                                                                "applied the answers of stored file {}, left pending before",
                                                                id))
                                        .then(Mono.defer(this::applyPendingAnswers)));
    }

    private Mono<UUID> leaseNextPending() {
        return db.sql(
                        "UPDATE x12_file SET answering_until = now() + "
                                + ANSWER_LEASE
                                + """
                         WHERE id = (SELECT id FROM x12_file
                                    WHERE answered_at IS NULL AND (answering_until IS NULL OR answering_until < now())
                                    ORDER BY received_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING id""")
                .map(r -> r.get("id", UUID.class))
                .one();
    }

    private Mono<StoredFile> storedFile(UUID id) {
        Mono<List<UUID>> remittances =
                db.sql("SELECT id FROM remittance WHERE file_id = :f ORDER BY transaction_ordinal")
                        .bind("f", id)
                        .map(r -> r.get("id", UUID.class))
                        .all()
                        .collectList();
        Mono<List<UUID>> acknowledgments =
                db.sql(
                                "SELECT id FROM acknowledgment WHERE file_id = :f ORDER BY transaction_ordinal")
                        .bind("f", id)
                        .map(r -> r.get("id", UUID.class))
                        .all()
                        .collectList();
        return Mono.zip(remittances, acknowledgments)
                .map(t -> new StoredFile(id, t.getT1(), t.getT2()));
    }

    /** The fast way lost its bet: part of the file is stored already. */
    private static final class AlreadyStored extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyStored() {
            super("part of the file is stored already", null, false, false);
        }
    }

    private Mono<IngestResult> streamed(
            Path file, String name, String source, UUID practiceId, Identification identification) {
        UUID fileId = Ids.next();
        AtomicReference<Pass> read = new AtomicReference<>();
        Flux<CopySpool.Segment> segments =
                Flux.create(
                        sink -> {
                            var task =
                                    Schedulers.boundedElastic()
                                            .schedule(
                                                    () -> {
                                                        try {
                                                            read.set(
                                                                    Pass.first(
                                                                            limits,
                                                                            file,
                                                                            practiceId,
                                                                            fileId,
                                                                            identification,
                                                                            (spool, segment) -> {
                                                                                if (sink
                                                                                        .isCancelled())
                                                                                    throw new java
                                                                                            .util
                                                                                            .concurrent
                                                                                            .CancellationException(
                                                                                            "ingest cancelled");
                                                                                sink.next(
                                                                                        new CopySpool
                                                                                                .Segment(
                                                                                                spool,
                                                                                                segment));
                                                                            }));
                                                            if (sink.isCancelled())
                                                                read.get().close();
                                                            else sink.complete();
                                                        } catch (Throwable e) {
                                                            sink.error(e);
                                                        }
                                                    });
                            sink.onCancel(task);
                        });
        return Mono.usingWhen(
                        Mono.from(connections.create()),
                        conn ->
                                Mono.<Void>from(conn.beginTransaction())
                                        .then(
                                                timed(
                                                        "read and copy",
                                                        segments.concatMap(
                                                                        s -> copySegment(conn, s))
                                                                .then(Mono.just(1))))
                                        .then(
                                                Mono.defer(
                                                        () -> {
                                                            Pass p = read.get();
                                                            return onlyNew(practiceId, p)
                                                                    .then(
                                                                            insertFile(
                                                                                    conn,
                                                                                    fileId,
                                                                                    name,
                                                                                    source,
                                                                                    practiceId,
                                                                                    p,
                                                                                    p.keys.size()))
                                                                    .then(
                                                                            Flux.fromIterable(
                                                                                            p.rows.spools)
                                                                                    .filter(
                                                                                            sp ->
                                                                                                    !sp
                                                                                                            .streamed())
                                                                                    .filter(
                                                                                            sp ->
                                                                                                    sp
                                                                                                                    .rows()
                                                                                                            > 0)
                                                                                    .concatMap(
                                                                                            sp ->
                                                                                                    copy(
                                                                                                            conn,
                                                                                                            sp))
                                                                                    .then())
                                                                    .then(
                                                                            flush(
                                                                                    conn,
                                                                                    p.rows.spools))
                                                                    .then(
                                                                            Linking.afterFile(
                                                                                    conn, fileId))
                                                                    .then(
                                                                            Mono.<Void>from(
                                                                                    conn
                                                                                            .commitTransaction()))
                                                                    .then(
                                                                            Mono.fromCallable(
                                                                                    () -> {
                                                                                        log.info(
                                                                                                "stored file {} ({}): {} transaction(s), {} claim payment(s), "
                                                                                                        + "{} denial(s)",
                                                                                                fileId,
                                                                                                p
                                                                                                        .report
                                                                                                        .type(),
                                                                                                p
                                                                                                        .keys
                                                                                                        .size(),
                                                                                                p.rows.counts
                                                                                                        .claimPayments,
                                                                                                p.rows.counts
                                                                                                        .denials);
                                                                                        return result(
                                                                                                p.rows,
                                                                                                fileId,
                                                                                                p,
                                                                                                p
                                                                                                        .keys
                                                                                                        .size(),
                                                                                                List
                                                                                                        .of());
                                                                                    }));
                                                        }))
                                        .onErrorResume(
                                                e ->
                                                        Mono.<Void>from(conn.rollbackTransaction())
                                                                .onErrorResume(x -> Mono.empty())
                                                                .then(Mono.<IngestResult>error(e))),
                        conn -> Mono.from(conn.close()))
                .doFinally(
                        signal -> {
                            Pass p = read.get();
                            if (p != null) Schedulers.boundedElastic().schedule(p::close);
                        });
    }

    /** Fails with {@link AlreadyStored} unless every transaction (and the file itself) is new. */
    private Mono<Void> onlyNew(UUID practiceId, Pass p) {
        if (new HashSet<>(p.keys.values()).size() < p.keys.size())
            return Mono.error(new AlreadyStored());
        return existingFile(practiceId, p.sha256)
                .hasElement()
                .flatMap(
                        fileExists ->
                                fileExists
                                        ? Mono.<Void>error(new AlreadyStored())
                                        : existingKeys(practiceId, p.keys)
                                                .flatMap(
                                                        existing ->
                                                                existing.isEmpty()
                                                                        ? Mono.<Void>empty()
                                                                        : Mono.<Void>error(
                                                                                new AlreadyStored())));
    }

    private Mono<Void> copySegment(Connection conn, CopySpool.Segment s) {
        return execute(conn, s.spool().stageSql())
                .then(unwrap(conn).copyIn(s.spool().copySql(), chunks(s.path())))
                .then(Mono.fromRunnable(() -> s.delete()).subscribeOn(Schedulers.boundedElastic()))
                .then();
    }

    private Mono<IngestResult> careful(
            Path file, String name, String source, UUID practiceId, Identification identification) {
        UUID fileId = Ids.next();
        return timed(
                        "read and spool",
                        Mono.fromCallable(
                                () ->
                                        Pass.first(
                                                limits,
                                                file,
                                                practiceId,
                                                fileId,
                                                identification,
                                                null)))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(
                        pass ->
                                Mono.usingWhen(
                                        Mono.just(pass),
                                        p ->
                                                existingKeys(practiceId, p.keys)
                                                        .flatMap(
                                                                existing ->
                                                                        existingFile(
                                                                                        practiceId,
                                                                                        p.sha256)
                                                                                .map(
                                                                                        earlier ->
                                                                                                duplicateFile(
                                                                                                        earlier,
                                                                                                        p,
                                                                                                        existing))
                                                                                .switchIfEmpty(
                                                                                        Mono.defer(
                                                                                                () ->
                                                                                                        store(
                                                                                                                file,
                                                                                                                name,
                                                                                                                source,
                                                                                                                practiceId,
                                                                                                                fileId,
                                                                                                                p,
                                                                                                                existing)))),
                                        p ->
                                                Mono.fromRunnable(p::close)
                                                        .subscribeOn(Schedulers.boundedElastic())));
    }

    /**
     * A read of the whole file: digest, readability, transaction keys, and COPY rows. The first
     * pass writes rows for every transaction, betting that none is stored yet (the usual case);
     * when some are, a second pass writes only the new ones.
     */
    static final class Pass implements AutoCloseable {
        final byte[] sha256;
        final FileReport report;
        final Map<Integer, TransactionKeys.Key> keys;
        final Identification identification;
        final X12Limits limits;
        RowWriter rows;

        private Pass(
                X12Limits limits,
                byte[] sha256,
                FileReport report,
                Map<Integer, TransactionKeys.Key> keys,
                RowWriter rows,
                Identification identification) {
            this.limits = limits;
            this.sha256 = sha256;
            this.report = report;
            this.keys = keys;
            this.rows = rows;
            this.identification = identification;
        }

        static Pass first(
                X12Limits limits,
                Path file,
                UUID practiceId,
                UUID fileId,
                Identification identification,
                CopySpool.SegmentListener live)
                throws IOException {
            MessageDigest md = TransactionKeys.sha256();
            TransactionKeys keys = new TransactionKeys();
            RowWriter rows =
                    new RowWriter(
                            spoolDir(),
                            practiceId,
                            fileId,
                            keys.live(),
                            null,
                            identification,
                            live);
            try {
                FileReport report;
                try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
                    report = X12Files.read(in, new Both(keys, rows), limits);
                }
                UnreadableFileException.check(report);
                byte[] digest = md.digest();
                Map<Integer, TransactionKeys.Key> k =
                        keys.keys(java.util.HexFormat.of().formatHex(digest));
                rows.problems(report.problems());
                rows.finish();
                return new Pass(limits, digest, report, k, rows, identification);
            } catch (IOException | RuntimeException e) {
                rows.close();
                throw e;
            }
        }

        /** Rewrites the rows for only the given transactions. */
        void keepOnly(Path file, UUID practiceId, UUID fileId, Set<Integer> fresh)
                throws IOException {
            rows.close();
            rows = new RowWriter(spoolDir(), practiceId, fileId, keys, fresh, identification, null);
            try (InputStream in = Files.newInputStream(file)) {
                X12Files.read(in, rows, limits);
            }
            rows.problems(report.problems());
            rows.finish();
        }

        @Override
        public void close() {
            rows.close();
        }

        /**
         * Spools go to the temp directory, never beside the file: the drop folder would take them
         * for input.
         */
        private static Path spoolDir() {
            return Path.of(System.getProperty("java.io.tmpdir"));
        }
    }

    /** Feeds one read to both the key collector and the row writer, keys first. */
    private record Both(X12Handler first, X12Handler second) implements X12Handler {
        @Override
        public void paymentStart(org.reclaim.x12.remit.Payment p) {
            first.paymentStart(p);
            second.paymentStart(p);
        }

        @Override
        public void remittanceClaim(
                org.reclaim.x12.remit.Payment p, org.reclaim.x12.remit.ClaimPayment c) {
            second.remittanceClaim(p, c);
        }

        @Override
        public void paymentEnd(org.reclaim.x12.remit.PaymentSummary s) {
            first.paymentEnd(s);
            second.paymentEnd(s);
        }

        @Override
        public void submittedClaim(org.reclaim.x12.claim.SubmittedClaim c) {
            first.submittedClaim(c);
            second.submittedClaim(c);
        }

        @Override
        public void claimDocument(org.reclaim.x12.claim.ClaimDocument d) {
            second.claimDocument(d);
        }

        @Override
        public void eligibility(org.reclaim.x12.ack.Eligibility e) {
            first.eligibility(e);
            second.eligibility(e);
        }

        @Override
        public void acknowledgment(org.reclaim.x12.ack.Acknowledgment a) {
            first.acknowledgment(a);
            second.acknowledgment(a);
        }
    }

    private Mono<UUID> existingFile(UUID practiceId, byte[] sha256) {
        return db.sql("SELECT id FROM x12_file WHERE practice_id = :p AND sha256 = :s")
                .bind("p", practiceId)
                .bind("s", ByteBuffer.wrap(sha256))
                .map(r -> r.get("id", UUID.class))
                .first();
    }

    /**
     * The identical bytes were stored before: every transaction is reported with the row it is
     * stored as.
     */
    private IngestResult duplicateFile(UUID existingFile, Pass pass, Map<String, UUID> existing) {
        List<IngestResult.Duplicate> dups = new ArrayList<>();
        pass.keys.forEach(
                (t, k) ->
                        dups.add(
                                new IngestResult.Duplicate(
                                        t, kindName(k.kind()), existing.get(k.value()))));
        return new IngestResult(
                existingFile,
                false,
                pass.report.type(),
                pass.report.transactions(),
                0,
                List.of(),
                List.of(),
                List.of(),
                dups,
                0,
                0,
                0,
                0,
                0,
                0,
                0);
    }

    /** Key value → id of the row already stored with it. */
    private Mono<Map<String, UUID>> existingKeys(
            UUID practiceId, Map<Integer, TransactionKeys.Key> keys) {
        Map<TransactionKeys.Kind, List<String>> byKind = new HashMap<>();
        keys.values()
                .forEach(
                        k ->
                                byKind.computeIfAbsent(k.kind(), x -> new ArrayList<>())
                                        .add(k.value()));
        return Flux.fromIterable(byKind.entrySet())
                .concatMap(
                        e ->
                                db.sql(
                                                "SELECT dedup_key, id FROM "
                                                        + table(e.getKey())
                                                        + " WHERE practice_id = :p AND dedup_key = ANY(:k)")
                                        .bind("p", practiceId)
                                        .bind("k", e.getValue().toArray(String[]::new))
                                        .map(
                                                r ->
                                                        Map.entry(
                                                                r.get("dedup_key", String.class),
                                                                r.get("id", UUID.class)))
                                        .all())
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private static String table(TransactionKeys.Kind kind) {
        return switch (kind) {
            case PAYMENT -> "remittance";
            case SUBMISSION -> "claim_submission";
            case ACKNOWLEDGMENT -> "acknowledgment";
        };
    }

    private static String kindName(TransactionKeys.Kind kind) {
        return switch (kind) {
            case PAYMENT -> "payment";
            case SUBMISSION -> "submission";
            case ACKNOWLEDGMENT -> "acknowledgment";
        };
    }

    private Mono<IngestResult> store(
            Path file,
            String name,
            String source,
            UUID practiceId,
            UUID fileId,
            Pass pass,
            Map<String, UUID> existing) {
        Set<Integer> fresh = new HashSet<>();
        List<IngestResult.Duplicate> dups = new ArrayList<>();
        // a key seen twice in one file is stored once: the later transaction is the duplicate
        Set<String> seen = new HashSet<>();
        pass.keys.forEach(
                (t, k) -> {
                    UUID id = existing.get(k.value());
                    if (id != null || !seen.add(k.value())) {
                        dups.add(new IngestResult.Duplicate(t, kindName(k.kind()), id));
                    } else {
                        fresh.add(t);
                    }
                });
        if (fresh.isEmpty() && !pass.keys.isEmpty()) {
            return Mono.just(
                    new IngestResult(
                            null,
                            false,
                            pass.report.type(),
                            pass.report.transactions(),
                            0,
                            List.of(),
                            List.of(),
                            List.of(),
                            dups,
                            0,
                            0,
                            0,
                            0,
                            0,
                            0,
                            0));
        }
        Mono<Pass> ready =
                dups.isEmpty()
                        ? Mono.just(pass)
                        : timed(
                                        "second pass",
                                        Mono.fromCallable(
                                                () -> {
                                                    pass.keepOnly(file, practiceId, fileId, fresh);
                                                    return pass;
                                                }))
                                .subscribeOn(Schedulers.boundedElastic());
        return ready.flatMap(
                p ->
                        transaction(p.rows, fileId, name, source, practiceId, p, fresh.size())
                                .thenReturn(result(p.rows, fileId, p, fresh.size(), dups)));
    }

    private IngestResult result(
            RowWriter rows, UUID fileId, Pass scan, int fresh, List<IngestResult.Duplicate> dups) {
        RowWriter.Counts c = rows.counts;
        return new IngestResult(
                fileId,
                true,
                scan.report.type(),
                scan.report.transactions(),
                fresh,
                List.copyOf(c.remittanceIds),
                List.copyOf(c.submissionIds),
                List.copyOf(c.acknowledgmentIds),
                List.copyOf(dups),
                c.claimPayments,
                c.serviceLines,
                c.adjustments,
                c.denials,
                c.reversals,
                c.submittedClaims,
                scan.report.problemCount());
    }

    /**
     * One database transaction: the file row, every spool by COPY, then links to what was stored
     * before.
     */
    private Mono<Void> transaction(
            RowWriter rows,
            UUID fileId,
            String name,
            String source,
            UUID practiceId,
            Pass scan,
            int fresh) {
        return Mono.usingWhen(
                        Mono.from(connections.create()),
                        conn ->
                                Mono.<Void>from(conn.beginTransaction())
                                        .then(
                                                insertFile(
                                                        conn,
                                                        fileId,
                                                        name,
                                                        source,
                                                        practiceId,
                                                        scan,
                                                        fresh))
                                        .then(
                                                Flux.fromIterable(rows.spools)
                                                        .filter(s -> s.rows() > 0)
                                                        .concatMap(s -> copy(conn, s))
                                                        .then())
                                        .then(flush(conn, rows.spools))
                                        .then(Linking.afterFile(conn, fileId))
                                        .then(Mono.<Void>from(conn.commitTransaction()))
                                        .onErrorResume(
                                                e ->
                                                        Mono.<Void>from(conn.rollbackTransaction())
                                                                .onErrorResume(x -> Mono.empty())
                                                                .then(Mono.<Void>error(e))),
                        conn -> Mono.from(conn.close()))
                .doOnSuccess(
                        v ->
                                log.info(
                                        "stored file {} ({}): {} new transaction(s), {} claim payment(s), {} denial(s)",
                                        fileId,
                                        scan.report.type(),
                                        fresh,
                                        rows.counts.claimPayments,
                                        rows.counts.denials));
    }

    private Mono<Void> insertFile(
            Connection conn,
            UUID fileId,
            String name,
            String source,
            UUID practiceId,
            Pass scan,
            int fresh) {
        return execute(
                conn,
                """
                        INSERT INTO x12_file (id, practice_id, source, name, sha256, bytes, type, interchanges,
                            transactions, new_transactions, problem_count, answered_at, answering_until, arrived_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, now() +"""
                        + ANSWER_LEASE
                        + ", $12)",
                fileId,
                practiceId,
                source,
                name,
                ByteBuffer.wrap(scan.sha256),
                scan.report.bytes(),
                scan.report.type(),
                scan.report.interchanges(),
                scan.report.transactions(),
                fresh,
                scan.report.problemCount(),
                // the agent's clock, as submissions are timed: what was sent before this arrived
                Times.utc(clock.instant()));
    }

    static Mono<Void> execute(Connection conn, String sql, Object... args) {
        var st = conn.createStatement(sql);
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) st.bindNull(i, String.class);
            else st.bind(i, args[i]);
        }
        return Flux.from(st.execute()).concatMap(r -> r.getRowsUpdated()).then();
    }

    private static Mono<Long> copy(Connection conn, CopySpool spool) {
        PostgresqlConnection pg = unwrap(conn);
        return timed(
                "COPY " + spool.table + " (" + spool.rows() + " rows)",
                execute(conn, spool.stageSql())
                        .then(
                                Flux.fromIterable(spool.segments())
                                        .concatMap(
                                                segment ->
                                                        pg.copyIn(spool.copySql(), chunks(segment)))
                                        .reduce(0L, Long::sum)));
    }

    /** Moves every staged table into place, in spool order (parents before children). */
    private static Mono<Void> flush(Connection conn, List<CopySpool> spools) {
        return Flux.fromIterable(spools)
                .filter(s -> s.rows() > 0)
                .concatMap(
                        s ->
                                timed(
                                        "INSERT " + s.table,
                                        Flux.fromArray(s.flushSql())
                                                .concatMap(sql -> execute(conn, sql))
                                                .then(Mono.just(1))))
                .then();
    }

    /** Logs how long a step took, at debug level: where an ingest spends its time. */
    static <T> Mono<T> timed(String step, Mono<T> work) {
        if (!log.isDebugEnabled()) return work;
        return Mono.defer(
                () -> {
                    long t0 = System.nanoTime();
                    return work.doOnSuccess(
                            x ->
                                    log.debug(
                                            "{} took {} ms",
                                            step,
                                            (System.nanoTime() - t0) / 1_000_000));
                });
    }

    private static PostgresqlConnection unwrap(Connection conn) {
        Connection c = conn;
        while (!(c instanceof PostgresqlConnection) && c instanceof Wrapped<?> w) {
            c = (Connection) w.unwrap();
        }
        if (c instanceof PostgresqlConnection pg) return pg;
        throw new IllegalStateException(
                "COPY needs a PostgreSQL connection, got " + conn.getClass().getName());
    }

    /** The spool file as a stream of chunks, read only as fast as the server takes them. */
    private static Flux<ByteBuf> chunks(Path path) {
        return Flux.using(
                        () -> FileChannel.open(path, StandardOpenOption.READ),
                        ch ->
                                Flux.<ByteBuf>generate(
                                        sink -> {
                                            try {
                                                ByteBuffer buf = ByteBuffer.allocate(COPY_CHUNK);
                                                int n = ch.read(buf);
                                                if (n < 0) {
                                                    sink.complete();
                                                } else {
                                                    buf.flip();
                                                    sink.next(Unpooled.wrappedBuffer(buf));
                                                }
                                            } catch (IOException e) {
                                                sink.error(new UncheckedIOException(e));
                                            }
                                        }),
                        ch -> {
                            try {
                                ch.close();
                            } catch (IOException ignored) {
                                // read-only channel
                            }
                        })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
