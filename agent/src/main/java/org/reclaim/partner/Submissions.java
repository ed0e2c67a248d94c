package org.reclaim.partner;

import org.reclaim.core.Times;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.reclaim.core.Ids;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The outbox of side effects that leave the building. A submission is written (PENDING) before it is
 * sent and marked SENT after; a step run again after a crash finds the row and sends again with the
 * same idempotency key, which the receiving connector recognises. A key already SENT is not sent again.
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

    /**
     * @param channel {@code clearinghouse}, {@code portal}, or a packet channel ({@code fax}, {@code mail})
     * @param send    the connector call, blocking; returns the receipt text. It runs between the two
     *                database writes, holding no connection while it waits
     */
    public Mono<String> send(UUID practiceId, UUID denialId, String key, String channel, String kind, UUID artifact, String controlNumber,
            Callable<String> send) {
        var insert = db.sql("""
                        INSERT INTO submission (id, practice_id, denial_id, idempotency_key, channel, kind, artifact_id,
                                                control_number, status, created_at)
                        VALUES (:id, :p, :d, :key, :channel, :kind, :artifact, :control, 'PENDING', :now)
                        ON CONFLICT (idempotency_key) DO NOTHING""")
                .bind("id", Ids.next()).bind("p", practiceId).bind("d", denialId).bind("key", key)
                .bind("channel", channel).bind("kind", kind)
                .bind("control", controlNumber == null ? "" : controlNumber).bind("now", Times.utc(clock.instant()));
        insert = artifact == null ? insert.bindNull("artifact", UUID.class) : insert.bind("artifact", artifact);
        return insert.then()
                .then(db.sql("SELECT status, receipt FROM submission WHERE idempotency_key = :key").bind("key", key)
                        .map(r -> new String[] {r.get("status", String.class), r.get("receipt", String.class)}).one())
                .flatMap(row -> "SENT".equals(row[0]) ? Mono.just(row[1] == null ? "" : row[1])
                        : remote.call(party(channel), send)
                                .flatMap(receipt -> db.sql("UPDATE submission SET status = 'SENT', receipt = :r, "
                                                + "sent_at = :now WHERE idempotency_key = :key")
                                        .bind("r", receipt == null ? "" : receipt)
                                        .bind("now", Times.utc(clock.instant())).bind("key", key).then()
                                        .thenReturn(receipt == null ? "" : receipt)));
    }

    private static RemoteCalls.Party party(String channel) {
        return switch (channel) {
            case "clearinghouse" -> RemoteCalls.Party.CLEARINGHOUSE;
            case "portal" -> RemoteCalls.Party.PORTAL;
            default -> RemoteCalls.Party.FILES;
        };
    }
}
