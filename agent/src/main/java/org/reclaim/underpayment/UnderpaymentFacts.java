package org.reclaim.underpayment;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.ingest.StoredFile;
import org.reclaim.ingest.StoredFileListener;
import org.reclaim.tenancy.PracticeScope;
import org.reclaim.triage.Triage;
import org.reclaim.triage.TriageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps {@code underpayment_fact} (V34__underpayment_facts.sql): the judgement of the paid lines
 * against the fee schedule in force. A stored 835 has its own lines judged (and the claims it
 * reverses dropped) as its listeners run; a configuration with another digest (a reloaded fee
 * schedule, other payer identifiers or tolerance) has every stored line judged again, in one
 * transaction in the background, at the next catch-up or list request. Both take one advisory lock,
 * so that a whole judgement and a file's never interleave.
 */
@Component
public class UnderpaymentFacts implements StoredFileListener {

    private static final Logger log = LoggerFactory.getLogger(UnderpaymentFacts.class);

    /** pg_advisory_xact_lock key of every write to underpayment_fact. */
    private static final long LOCK = 0x554e4445525041L;

    private final DatabaseClient db;
    private final TriageService triage;
    private final BigDecimal tolerance;
    private final TransactionalOperator tx;
    private final AtomicBoolean judging = new AtomicBoolean();

    UnderpaymentFacts(
            DatabaseClient db,
            TriageService triage,
            ReclaimProperties properties,
            ReactiveTransactionManager txm) {
        this.db = db;
        this.triage = triage;
        this.tolerance = properties.triage().underpaymentTolerance();
        this.tx = TransactionalOperator.create(txm);
    }

    public BigDecimal tolerance() {
        return tolerance;
    }

    /** The digest of the configuration in force ({@link Pricing#digest}). */
    public String digest(Triage t) {
        return Pricing.digest(t, tolerance);
    }

    /** Whether every stored line was judged by {@code digest}: then the facts may be read. */
    public Mono<Boolean> judgedBy(String digest) {
        return db.sql("SELECT judged_by FROM underpayment_judgement")
                .map(r -> r.get(0, String.class))
                .one()
                .map(digest::equals)
                .defaultIfEmpty(false);
    }

    /**
     * Judges every stored line again in the background when they were judged by another
     * configuration; at most one such run at a time in this instance (another instance's waits on
     * the lock, then finds the table judged).
     */
    public void judgeAllSoon() {
        if (!judging.compareAndSet(false, true)) return;
        settle().doFinally(s -> judging.set(false))
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(
                        v -> {},
                        e -> log.warn("underpayments: judging the stored lines failed", e));
    }

    /**
     * Judges every stored line now when they were judged by another configuration (a benchmark
     * waits on this before timing the list); nothing when they were not.
     */
    public Mono<Void> settle() {
        Triage t = triage.current();
        String digest = digest(t);
        return PracticeScope.ALL.run(
                tx.transactional(
                        lock().then(judgedBy(digest))
                                .flatMap(current -> current ? Mono.empty() : judgeAll(t, digest))));
    }

    /** At start-up and before agent passes: a stale judgement is redone, in the background. */
    @Override
    public Mono<Void> catchUp() {
        return judgedBy(digest(triage.current()))
                .doOnNext(
                        current -> {
                            if (!current) judgeAllSoon();
                        })
                .then();
    }

    /**
     * The file's lines judged (and the claims it reverses dropped), always, under the lock: when a
     * whole judgement is under way this waits for it, so that the file's lines are never left out
     * of it. When the table was judged by another configuration, a whole judgement follows.
     */
    @Override
    public Mono<Void> stored(StoredFile file) {
        if (file.remittances().isEmpty()) return Mono.empty();
        Triage t = triage.current();
        String digest = digest(t);
        UUID[] remittances = file.remittances().toArray(UUID[]::new);
        Mono<Void> work =
                lock().then(
                                db.sql(
                                                """
                        DELETE FROM underpayment_fact f
                        WHERE f.claim_payment_id IN (
                            SELECT rv.original_claim_id FROM reversal rv WHERE rv.file_id = :file
                            UNION ALL
                            SELECT cp.id FROM claim_payment cp WHERE cp.remittance_id = ANY(:remittances))""")
                                        .bind("file", file.fileId())
                                        .bind("remittances", remittances)
                                        .then())
                        .then(
                                insert(
                                        t,
                                        digest,
                                        " AND pl.remittance_id = ANY(:remittances)",
                                        Map.of("remittances", remittances)));
        return PracticeScope.ALL.run(tx.transactional(work)).then(catchUp());
    }

    private Mono<Void> lock() {
        return db.sql("SELECT pg_advisory_xact_lock(:k)").bind("k", LOCK).then();
    }

    private Mono<Void> judgeAll(Triage t, String digest) {
        long start = System.nanoTime();
        return lock().then(db.sql("DELETE FROM underpayment_fact").then())
                .then(insert(t, digest, "", Map.of()))
                .then(
                        db.sql(
                                        """
                        INSERT INTO underpayment_judgement (singleton, judged_by, judged_at) VALUES (true, :d, now())
                        ON CONFLICT (singleton) DO UPDATE SET judged_by = excluded.judged_by, judged_at = now()""")
                                .bind("d", digest)
                                .then())
                .doOnSuccess(
                        v ->
                                log.info(
                                        "underpayments: every stored line judged by the fee"
                                                + " schedule in force in {} ms",
                                        (System.nanoTime() - start) / 1_000_000));
    }

    /**
     * Inserts the judgement of the lines of {@code filter}: a row for each line underpaid by more
     * than the tolerance and for each line no rate prices.
     */
    private Mono<Void> insert(
            Triage t, String digest, String filter, Map<String, Object> filterBinds) {
        Map<String, Object> binds = new LinkedHashMap<>(filterBinds);
        String with = Pricing.with(t, tolerance, PracticeScope.ALL, filter, binds);
        binds.put("digest", digest);
        DatabaseClient.GenericExecuteSpec spec =
                db.sql(
                        with
                                + """
                INSERT INTO underpayment_fact (claim_payment_id, line_index, practice_id, judged_by, payer,
                    payer_id, payer_name, procedure, payment_date, service_date, ordinal, expected, underpaid)
                SELECT l.claim_payment_id, l.line_index, l.practice_id, :digest, l.payer, l.payer_id,
                       l.payer_name, l.procedure, l.payment_date, l.service_date, p.ordinal, p.expected,
                       CASE WHEN p.expected - l.allowed > :tolerance THEN p.expected - l.allowed END
                FROM line l
                LEFT JOIN priced p ON p.claim_payment_id = l.claim_payment_id AND p.line_index = l.line_index
                WHERE p.ordinal IS NULL OR p.expected - l.allowed > :tolerance""");
        for (Map.Entry<String, Object> b : binds.entrySet())
            spec = spec.bind(b.getKey(), b.getValue());
        return spec.then();
    }
}
