package org.reclaim.denial;

import java.time.Clock;
import java.util.UUID;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.NotFoundException;
import org.reclaim.core.Times;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who works a denial now: an operator who can see its practice (or nobody). The denial must be one
 * the caller can see; an assignment is a pointer for the worklist, not a lock: anyone who can see
 * the denial may still act on it.
 */
@Component
public class DenialAssignments {

    private final DatabaseClient db;
    private final DenialQueries queries;
    private final DenialTimeline timeline;
    private final Clock clock;

    DenialAssignments(
            DatabaseClient db, DenialQueries queries, DenialTimeline timeline, Clock clock) {
        this.db = db;
        this.queries = queries;
        this.timeline = timeline;
        this.clock = clock;
    }

    /**
     * Assigns the denial to {@code assignee} (an operator's user name), or clears the assignment
     * when it is null; answers the denial as it is now.
     */
    public Mono<DenialView> assign(UUID denial, String assignee) {
        return queries.one(denial)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("denial", denial)))
                .flatMap(
                        d ->
                                (assignee == null ? clear(denial) : set(d, assignee))
                                        .then(noted(d, assignee)))
                .then(queries.one(denial));
    }

    /**
     * A change of hands goes on the denial's timeline as a note by the caller ("assigned to …",
     * "assignment cleared"), so the trail says who took it and when; the same assignee again writes
     * nothing.
     */
    private Mono<Void> noted(DenialView d, String assignee) {
        if (java.util.Objects.equals(d.assignee(), assignee)) return Mono.empty();
        String text =
                assignee == null
                        ? "assignment cleared (was " + d.assignee() + ")"
                        : d.assignee() == null
                                ? "assigned to " + assignee
                                : "assigned to " + assignee + " (was " + d.assignee() + ")";
        return org.reclaim.security.Callers.current()
                .map(org.reclaim.security.ReclaimPrincipal::actor)
                .defaultIfEmpty("system")
                .flatMap(by -> timeline.addNote(d.id(), by, text))
                .then();
    }

    private Mono<Void> clear(UUID denial) {
        return db.sql("UPDATE denial SET assignee = NULL, assigned_at = NULL WHERE id = :id")
                .bind("id", denial)
                .then();
    }

    private Mono<Void> set(DenialView d, String assignee) {
        return mayWork(assignee, d)
                .flatMap(
                        ok ->
                                ok
                                        ? db.sql(
                                                        "UPDATE denial SET assignee = :a, assigned_at = :at WHERE id = :id")
                                                .bind("id", d.id())
                                                .bind("a", assignee)
                                                .bind("at", Times.utc(clock.instant()))
                                                .then()
                                        : Mono.error(
                                                new BadRequestException(
                                                        "assignee: no enabled operator '"
                                                                + assignee
                                                                + "' who can see this denial's"
                                                                + " practice")));
    }

    /** The operator exists, is enabled and sees the denial's practice (every practice: null). */
    private Mono<Boolean> mayWork(String username, DenialView d) {
        return db.sql(
                        """
                        SELECT 1 FROM operator WHERE username = :u AND NOT disabled
                          AND (practices IS NULL OR :p = ANY(practices))""")
                .bind("u", username)
                .bind("p", d.practiceId())
                .map(r -> true)
                .first()
                .defaultIfEmpty(false);
    }
}
