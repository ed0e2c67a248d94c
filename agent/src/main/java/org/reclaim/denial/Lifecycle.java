package org.reclaim.denial;

import java.time.Clock;
import java.util.UUID;
import org.reclaim.core.Ids;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The only way a denial's status changes: a guarded move from the status it is in (checked in the
 * same statement, so a concurrent change makes it fail instead of overwriting), recorded as an event
 * with the actor and the reason. Call it inside the transaction of whatever else the move goes with.
 */
@Service
public class Lifecycle {

    private final DatabaseClient db;
    private final Clock clock;

    public Lifecycle(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * @param actor {@code agent:<STEP>}, {@code operator:<name>}, {@code payer:<message>} or {@code system}
     */
    public Mono<Void> move(UUID denial, DenialStatus from, DenialStatus to, String actor, String reason) {
        if (!from.canMoveTo(to)) return Mono.error(new IllegalTransitionException(denial, from, to));
        return db.sql("""
                        WITH moved AS (
                            UPDATE denial SET status = :to,
                                resolved_at = CASE WHEN :terminal THEN :at ELSE resolved_at END
                            WHERE id = :id AND status = :from
                            RETURNING id, practice_id)
                        INSERT INTO denial_event (id, practice_id, denial_id, from_status, to_status, actor, reason, at)
                        SELECT :eventId, practice_id, id, :from, :to, :actor, :reason, :at FROM moved""")
                .bind("to", to.name()).bind("from", from.name()).bind("id", denial)
                .bind("terminal", to.terminal()).bind("at", clock.instant().atOffset(java.time.ZoneOffset.UTC))
                .bind("eventId", Ids.next()).bind("actor", actor).bind("reason", reason)
                .fetch().rowsUpdated()
                .flatMap(n -> n == 1 ? Mono.<Void>empty()
                        : Mono.error(new IllegalTransitionException(denial, from, to)));
    }

    /** The status a denial is in now. */
    public Mono<DenialStatus> status(UUID denial) {
        return db.sql("SELECT status FROM denial WHERE id = :id").bind("id", denial)
                .map(r -> DenialStatus.valueOf(r.get("status", String.class))).one();
    }
}
