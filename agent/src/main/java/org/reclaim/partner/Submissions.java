package org.reclaim.partner;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.reclaim.core.Ids;
import org.reclaim.core.Times;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The outbox of side effects that leave the building. A submission is written (PENDING) before it
 * is sent and marked after: SENT with the receipt, or REFUSED with the reason, when the other party
 * answered that it will not take it (a business answer, not a fault: {@link Answer.Refused}). A
 * step run again after a crash finds the row and sends again with the same idempotency key, which
 * the receiving connector recognises. A key already SENT is not sent again; a REFUSED one is (the
 * party took nothing, so nothing can be taken twice, and a person may have fixed what it refused).
 */
@Component
public class Submissions {

    private final DatabaseClient db;
    private final Clock clock;
    private final RemoteCalls remote;

    Submissions(DatabaseClient db, Clock clock, RemoteCalls remote) {
        this.db = db;
        this.clock = clock;
        this.remote = remote;
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
     * an error, as before, and leaves the row PENDING to be sent again.
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
                        .bind("d", denialId)
                        .bind("key", key)
                        .bind("channel", channel)
                        .bind("kind", kind)
                        .bind("control", controlNumber == null ? "" : controlNumber)
                        .bind("now", Times.utc(clock.instant()));
        insert =
                artifact == null
                        ? insert.bindNull("artifact", UUID.class)
                        : insert.bind("artifact", artifact);
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
                                        : remote.call(party(channel), offer)
                                                .flatMap(answer -> record(key, answer)));
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
