package org.reclaim.partner;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.reclaim.connector.clearinghouse.OutgoingFile;
import org.reclaim.connector.clearinghouse.SubmissionReceipt;
import org.reclaim.core.Ids;
import org.reclaim.core.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The outbox of side effects that leave the building. A submission is written (PENDING) before it
 * is sent and marked after: SENT with the receipt, or REFUSED with the reason, when the other party
 * answered that it will not take it (a business answer, not a fault: {@link Answer.Refused}). A
 * step run again after a crash finds the row and sends again with the same idempotency key, which
 * the receiving connector recognises. A key already SENT is not sent again; a REFUSED one is (the
 * party took nothing, so nothing can be taken twice, and a person may have fixed what it refused).
 *
 * <p>A file the agent builds itself (a rebill, an inquiry) is built once: {@link #offerFile} keeps
 * its bytes and control number with the key, and every later run of the step sends exactly those,
 * so the partner never sees the same key with different content.
 */
@Component
public class Submissions {

    /**
     * The lease of the work item whose step sends, put in the Reactor context of the step by the
     * orchestrator: a submission moves PENDING to SENDING only while this lease is live (its owner,
     * its claim's token, not run out by the database's clock), so a step whose lease was lost or
     * taken over calls no partner. Sends outside a step (none carries a lease) only move the row.
     */
    public record Lease(UUID denial, String owner, long token) {}

    /** The step's lease is no longer held: nothing was sent. */
    public static final class LeaseLost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LeaseLost(String key, Lease lease) {
            super(
                    "the lease on "
                            + lease.denial()
                            + " is no longer "
                            + lease.owner()
                            + "'s (claim "
                            + lease.token()
                            + "): "
                            + key
                            + " is not sent",
                    null,
                    false,
                    false);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Submissions.class);

    private final DatabaseClient db;
    private final Clock clock;
    private final RemoteCalls remote;
    private final TransactionalOperator tx;
    private final ConnectorSettings clearinghouses;

    Submissions(
            DatabaseClient db,
            Clock clock,
            RemoteCalls remote,
            ReactiveTransactionManager txm,
            ConnectorSettings clearinghouses) {
        this.db = db;
        this.clock = clock;
        this.remote = remote;
        this.tx = TransactionalOperator.create(txm);
        this.clearinghouses = clearinghouses;
    }

    /**
     * A file built to be sent: its control number (ISA13), its bytes, and the artifact kept of it
     * (null when none is).
     */
    public record Built(String controlNumber, byte[] bytes, UUID artifact) {
        public Built {
            if (bytes == null || bytes.length == 0)
                throw new IllegalArgumentException("a submission's file cannot be empty");
        }
    }

    /**
     * A file as kept with its key: what is sent on every run, and when it was built (names the
     * outbox file).
     */
    public record Kept(String key, String controlNumber, byte[] bytes, Instant builtAt) {}

    /** The connector call for a kept file, blocking. */
    @FunctionalInterface
    public interface FileOffer {
        Answer send(Kept file) throws Exception;
    }

    /** What the other party answered a submission. */
    public sealed interface Answer {

        /** Taken, with the party's receipt (its id for the file, its case number). */
        record Taken(String receipt) implements Answer {}

        /** Refused, with the party's reason. */
        record Refused(String reason) implements Answer {}

        static Answer taken(String receipt) {
            return new Taken(receipt == null ? "" : receipt);
        }

        static Answer refused(String reason) {
            return new Refused(reason == null || reason.isBlank() ? "no reason given" : reason);
        }
    }

    /**
     * A submission the other party cannot refuse (a packet written to the fax or mail outbox).
     *
     * @param channel {@code clearinghouse}, {@code portal}, or a packet channel ({@code fax},
     *     {@code mail})
     * @param send the connector call, blocking; returns the receipt text. It runs between the two
     *     database writes, holding no connection while it waits
     */
    public Mono<String> send(
            UUID practiceId,
            UUID denialId,
            String key,
            String channel,
            String kind,
            UUID artifact,
            String controlNumber,
            Callable<String> send) {
        return offer(
                        practiceId,
                        denialId,
                        key,
                        channel,
                        kind,
                        artifact,
                        controlNumber,
                        () -> Answer.taken(send.call()))
                .map(a -> a instanceof Answer.Taken t ? t.receipt() : "");
    }

    /**
     * A submission the other party may take or refuse. A refusal is recorded (status REFUSED, its
     * reason) and returned as data; a fault of the call (it timed out, the party answered 5xx) is
     * an error, as before, and leaves the row SENDING to be sent again (by the step or the relay).
     *
     * @param offer the connector call, blocking: {@code Answer.taken(receipt)} or {@code
     *     Answer.refused(reason)}
     */
    public Mono<Answer> offer(
            UUID practiceId,
            UUID denialId,
            String key,
            String channel,
            String kind,
            UUID artifact,
            String controlNumber,
            Callable<Answer> offer) {
        var insert =
                db.sql(
                                """
                        INSERT INTO submission (id, practice_id, denial_id, idempotency_key, channel, kind, artifact_id,
                                                control_number, status, created_at)
                        VALUES (:id, :p, :d, :key, :channel, :kind, :artifact, :control, 'PENDING', :now)
                        ON CONFLICT (idempotency_key) DO NOTHING""")
                        .bind("id", Ids.next())
                        .bind("p", practiceId)
                        .bind("key", key)
                        .bind("channel", channel)
                        .bind("kind", kind)
                        .bind("control", controlNumber == null ? "" : controlNumber)
                        .bind("now", Times.utc(clock.instant()));
        insert =
                artifact == null
                        ? insert.bindNull("artifact", UUID.class)
                        : insert.bind("artifact", artifact);
        // a claim the gate sends (org.reclaim.prevention) belongs to no denial
        insert = denialId == null ? insert.bindNull("d", UUID.class) : insert.bind("d", denialId);
        return insert.then()
                .then(
                        db.sql(
                                        "SELECT status, receipt FROM submission WHERE idempotency_key = :key")
                                .bind("key", key)
                                .map(
                                        r ->
                                                new String[] {
                                                    r.get("status", String.class),
                                                    r.get("receipt", String.class)
                                                })
                                .one())
                .flatMap(
                        row ->
                                "SENT".equals(row[0])
                                        ? Mono.just(Answer.taken(row[1]))
                                        : sending(key)
                                                .then(remote.call(party(channel), offer))
                                                .flatMap(answer -> record(key, answer)));
    }

    /**
     * Fences the call about to be made: the row moves to SENDING by compare-and-set, with the
     * step's lease when it runs in one (see {@link Lease}); fails with {@link LeaseLost}, sending
     * nothing, when the lease is not held. A SENDING row whose holder died is the relay's, like a
     * PENDING one.
     */
    private Mono<Void> sending(String key) {
        return Mono.deferContextual(
                ctx -> {
                    Optional<Lease> lease = ctx.getOrEmpty(Lease.class);
                    if (lease.isEmpty())
                        return db.sql(
                                        "UPDATE submission SET status = 'SENDING' WHERE idempotency_key = :key"
                                                + " AND status <> 'SENT'")
                                .bind("key", key)
                                .then();
                    Lease l = lease.get();
                    return db.sql(
                                    """
                                    UPDATE submission SET status = 'SENDING'
                                    WHERE idempotency_key = :key AND status <> 'SENT'
                                      AND EXISTS (SELECT 1 FROM work_item w
                                                  WHERE w.denial_id = :denial AND w.lease_owner = :owner
                                                    AND w.lease_token = :token AND w.lease_until > clock_timestamp())""")
                            .bind("key", key)
                            .bind("denial", l.denial())
                            .bind("owner", l.owner())
                            .bind("token", l.token())
                            .fetch()
                            .rowsUpdated()
                            .flatMap(
                                    n ->
                                            n == 1
                                                    ? Mono.<Void>empty()
                                                    : Mono.error(new LeaseLost(key, l)));
                });
    }

    /**
     * A file submission the agent builds: {@code build} runs only when the key has no file kept yet
     * (or its last send was refused: a person may have fixed what was refused), in one transaction
     * with the row that keeps its bytes, so a crash leaves either nothing or the built file. Every
     * run after that, the step's again or the outbox relay's, sends the kept bytes.
     *
     * @param build allocates the control number, writes the file, keeps an artifact of it if it
     *     should; database work only (no outside party)
     * @param offer the connector call with the kept file, blocking
     */
    public Mono<Answer> offerFile(
            UUID practiceId,
            UUID denialId,
            String key,
            String channel,
            String kind,
            Mono<Built> build,
            FileOffer offer) {
        return row(key).map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(
                        found -> {
                            if (found.isEmpty())
                                return tx.transactional(
                                                build.flatMap(
                                                        b ->
                                                                insert(
                                                                        practiceId,
                                                                        denialId,
                                                                        key,
                                                                        channel,
                                                                        kind,
                                                                        b)))
                                        .then(row(key));
                            Row r = found.get();
                            if (r.status().equals("SENT")
                                    || (!r.status().equals("REFUSED") && r.payload() != null))
                                return Mono.just(r);
                            return tx.transactional(build.flatMap(b -> rebuild(key, b)))
                                    .then(row(key));
                        })
                .flatMap(r -> send(key, channel, r, offer));
    }

    private Mono<Answer> send(String key, String channel, Row r, FileOffer offer) {
        if (r.status().equals("SENT")) return Mono.just(Answer.taken(r.receipt()));
        Kept kept = new Kept(key, r.control(), r.payload(), r.createdAt());
        return sending(key)
                .then(remote.call(party(channel), () -> offer.send(kept)))
                .flatMap(answer -> record(key, answer));
    }

    private record Row(
            String status, String receipt, byte[] payload, String control, Instant createdAt) {}

    private Mono<Row> row(String key) {
        return db.sql(
                        "SELECT status, receipt, payload, control_number, created_at FROM submission"
                                + " WHERE idempotency_key = :key")
                .bind("key", key)
                .map(
                        r ->
                                new Row(
                                        r.get("status", String.class),
                                        r.get("receipt", String.class),
                                        r.get("payload", byte[].class),
                                        r.get("control_number", String.class),
                                        r.get("created_at", OffsetDateTime.class).toInstant()))
                .one();
    }

    private Mono<Void> insert(
            UUID practiceId, UUID denialId, String key, String channel, String kind, Built b) {
        var insert =
                db.sql(
                                """
                        INSERT INTO submission (id, practice_id, denial_id, idempotency_key, channel, kind, artifact_id,
                                                control_number, payload, status, created_at)
                        VALUES (:id, :p, :d, :key, :channel, :kind, :artifact, :control, :payload, 'PENDING', :now)
                        ON CONFLICT (idempotency_key) DO NOTHING""")
                        .bind("id", Ids.next())
                        .bind("p", practiceId)
                        .bind("key", key)
                        .bind("channel", channel)
                        .bind("kind", kind)
                        .bind("control", b.controlNumber())
                        .bind("payload", b.bytes())
                        .bind("now", Times.utc(clock.instant()));
        insert = denialId == null ? insert.bindNull("d", UUID.class) : insert.bind("d", denialId);
        return (b.artifact() == null
                        ? insert.bindNull("artifact", UUID.class)
                        : insert.bind("artifact", b.artifact()))
                .then();
    }

    /** A file built again for a key whose last send was refused, or kept no bytes (before V16). */
    private Mono<Void> rebuild(String key, Built b) {
        var update =
                db.sql(
                                """
                        UPDATE submission SET payload = :payload, control_number = :control, artifact_id = :artifact,
                                              status = 'PENDING', created_at = :now
                        WHERE idempotency_key = :key AND status <> 'SENT'""")
                        .bind("payload", b.bytes())
                        .bind("control", b.controlNumber())
                        .bind("now", Times.utc(clock.instant()))
                        .bind("key", key);
        return (b.artifact() == null
                        ? update.bindNull("artifact", UUID.class)
                        : update.bind("artifact", b.artifact()))
                .then();
    }

    /** A PENDING submission the relay took up: whose it is and what it kept. */
    public record Pending(
            UUID denialId,
            UUID practiceId,
            String practiceSlug,
            String key,
            String channel,
            String kind,
            String controlNumber,
            byte[] payload,
            Instant createdAt) {}

    /**
     * The outbox relay: every PENDING or SENDING submission written before {@code olderThan} whose
     * work item no step holds (no live lease by the database's clock: its worker died between
     * writing the row and recording the answer, or the send failed) and not relayed since then. A
     * clearinghouse file kept with its key is sent again, the same key with the same bytes, and its
     * answer recorded; a fault leaves it PENDING for the next relay. Emits every row taken up, so
     * that the step that wrote it runs again and resolves what the relay cannot send itself (a
     * portal request, a packet).
     */
    public Flux<Pending> relay(Instant olderThan) {
        return db.sql(
                        """
                        UPDATE submission s SET relayed_at = :now
                        FROM practice p
                        WHERE p.id = s.practice_id
                          AND s.id IN (SELECT id FROM submission
                                       WHERE status IN ('PENDING', 'SENDING') AND created_at < :before
                                         AND (relayed_at IS NULL OR relayed_at < :before)
                                         AND NOT EXISTS (SELECT 1 FROM work_item w
                                                         WHERE w.denial_id = submission.denial_id
                                                           AND w.lease_until > clock_timestamp())
                                         -- a step waiting on purpose (the partner asked it to, an
                                         -- outage) sends its bytes itself when its wait ends
                                         AND NOT EXISTS (SELECT 1 FROM work_item w
                                                         WHERE w.denial_id = submission.denial_id
                                                           AND w.state = 'READY' AND w.lease_until IS NULL
                                                           AND w.next_run_at > :now)
                                       ORDER BY created_at LIMIT 100
                                       FOR UPDATE SKIP LOCKED)
                        RETURNING s.denial_id, s.practice_id, p.slug, s.idempotency_key, s.channel, s.kind,
                                  s.control_number, s.payload, s.created_at""")
                .bind("now", Times.utc(clock.instant()))
                .bind("before", Times.utc(olderThan))
                .map(
                        r ->
                                new Pending(
                                        r.get("denial_id", UUID.class),
                                        r.get("practice_id", UUID.class),
                                        r.get("slug", String.class),
                                        r.get("idempotency_key", String.class),
                                        r.get("channel", String.class),
                                        r.get("kind", String.class),
                                        r.get("control_number", String.class),
                                        r.get("payload", byte[].class),
                                        r.get("created_at", OffsetDateTime.class).toInstant()))
                .all()
                .concatMap(p -> resend(p).thenReturn(p));
    }

    private Mono<Void> resend(Pending p) {
        if (p.payload() == null
                || !p.channel().equals("clearinghouse")
                || !OutgoingFile.TYPES.contains(p.kind())) return orphaned(p);
        return clearinghouses
                .clearinghouse(p.practiceId())
                .flatMap(
                        ch ->
                                remote.call(
                                        RemoteCalls.Party.CLEARINGHOUSE,
                                        () -> {
                                            SubmissionReceipt r =
                                                    ch.submit(
                                                            new OutgoingFile(
                                                                    p.practiceSlug(),
                                                                    p.key(),
                                                                    p.kind(),
                                                                    p.controlNumber(),
                                                                    p.payload(),
                                                                    p.createdAt()));
                                            return r.accepted()
                                                    ? Answer.taken(r.id())
                                                    : Answer.refused(r.reason());
                                        }))
                .flatMap(answer -> record(p.key(), answer))
                .then()
                .onErrorResume(
                        e -> {
                            log.warn(
                                    "relay of a pending {} submission of denial {} failed: {}",
                                    p.kind(),
                                    p.denialId(),
                                    e.toString());
                            return Mono.empty();
                        });
    }

    /**
     * A row the relay cannot send itself (a portal request, a packet: nothing kept to send) is sent
     * again by the step that wrote it, which the relay wakes. When the denial has no step left to
     * run (its work item ended: the payer resolved it, a person took it over) nothing ever will,
     * and the row would stay PENDING or SENDING for good, the deadline watch and the operators
     * reading it as in flight. It is closed then, REFUSED with what is known: the call's answer was
     * never recorded (it failed, timed out after the partner may have taken it, or the worker
     * died), and under which key a person finds it at the partner.
     */
    private Mono<Void> orphaned(Pending p) {
        if (p.denialId() == null) return Mono.empty();
        return db.sql(
                        """
                        UPDATE submission SET status = 'REFUSED', refusal_reason = :reason, refused_at = :now
                        WHERE idempotency_key = :key AND status IN ('PENDING', 'SENDING')
                          AND NOT EXISTS (SELECT 1 FROM work_item w
                                          WHERE w.denial_id = submission.denial_id AND w.state = 'READY')""")
                .bind(
                        "reason",
                        org.reclaim.core.Texts.storable(
                                "not confirmed: the "
                                        + p.channel()
                                        + " call's answer was never recorded (it failed or timed"
                                        + " out, and the partner may have taken it) and the"
                                        + " denial's work ended before it was sent again; look"
                                        + " for idempotency key "
                                        + p.key()
                                        + " at the partner"))
                .bind("now", Times.utc(clock.instant()))
                .bind("key", p.key())
                .fetch()
                .rowsUpdated()
                .doOnNext(
                        n -> {
                            if (n > 0)
                                log.warn(
                                        "a {} {} submission of denial {} was closed unconfirmed: its"
                                                + " work ended",
                                        p.channel(),
                                        p.kind(),
                                        p.denialId());
                        })
                .then();
    }

    /**
     * Closes the denial's PENDING (or SENDING: the call was fenced) submissions as REFUSED with
     * {@code reason}: the call that carries them cannot succeed as it is (our credentials refused,
     * an answer the contract does not allow), so neither the step nor the relay sends them again; a
     * person acts on the reason.
     */
    public Mono<Long> close(UUID denial, String reason) {
        return db.sql(
                        "UPDATE submission SET status = 'REFUSED', refusal_reason = :reason, refused_at = :now "
                                + "WHERE denial_id = :denial AND status IN ('PENDING', 'SENDING')")
                .bind("reason", org.reclaim.core.Texts.storable(reason))
                .bind("now", Times.utc(clock.instant()))
                .bind("denial", denial)
                .fetch()
                .rowsUpdated();
    }

    private Mono<Answer> record(String key, Answer answer) {
        var now = Times.utc(clock.instant());
        if (answer instanceof Answer.Refused r) {
            return db.sql(
                            "UPDATE submission SET status = 'REFUSED', refusal_reason = :reason, refused_at = :now "
                                    + "WHERE idempotency_key = :key")
                    .bind("reason", org.reclaim.core.Texts.storable(r.reason()))
                    .bind("now", now)
                    .bind("key", key)
                    .then()
                    .thenReturn(answer);
        }
        String receipt =
                org.reclaim.core.Texts.storable(
                        answer instanceof Answer.Taken t ? t.receipt() : "");
        // a refusal before (a person fixed what was refused, the step ran again) stays on the row
        return db.sql(
                        "UPDATE submission SET status = 'SENT', receipt = :r, sent_at = :now WHERE idempotency_key = :key")
                .bind("r", receipt)
                .bind("now", now)
                .bind("key", key)
                .then()
                .thenReturn(answer);
    }

    private static RemoteCalls.Party party(String channel) {
        return switch (channel) {
            case "clearinghouse" -> RemoteCalls.Party.CLEARINGHOUSE;
            case "portal" -> RemoteCalls.Party.PORTAL;
            default -> RemoteCalls.Party.FILES;
        };
    }
}
