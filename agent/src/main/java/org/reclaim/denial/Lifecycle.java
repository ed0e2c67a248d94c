package org.reclaim.denial;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.reclaim.core.Ids;
import org.reclaim.core.Times;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The only way a denial's status changes: a guarded move from the status it is in (checked in the
 * same statement, so a concurrent change makes it fail instead of overwriting), recorded as an
 * event with the actor and the reason. Call it inside the transaction of whatever else the move
 * goes with.
 */
@Service
public class Lifecycle {

    private final DatabaseClient db;
    private final Clock clock;
    private final Denials denials;
    private final List<DenialMovedListener> listeners;

    public Lifecycle(
            DatabaseClient db, Clock clock, Denials denials, List<DenialMovedListener> listeners) {
        this.db = db;
        this.clock = clock;
        this.denials = denials;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * @param actor {@code agent:<STEP>}, {@code operator:<name>}, {@code payer:<message>} or {@code
     *     system}
     */
    public Mono<Void> move(
            UUID denial, DenialStatus from, DenialStatus to, String actor, String reason) {
        if (!from.canMoveTo(to))
            return Mono.error(new IllegalTransitionException(denial, from, to));
        java.time.Instant at = clock.instant();
        UUID eventId = Ids.next();
        String stored = org.reclaim.core.Texts.storable(reason);
        return db.sql(
                        """
                        WITH moved AS (
                            UPDATE denial SET status = :to,
                                resolved_at = CASE WHEN :terminal THEN :at ELSE resolved_at END
                            WHERE id = :id AND status = :from
                            RETURNING id, practice_id)
                        INSERT INTO denial_event (id, practice_id, denial_id, from_status, to_status, actor, reason, at)
                        SELECT :eventId, practice_id, id, :from, :to, :actor, :reason, :at FROM moved
                        RETURNING practice_id""")
                .bind("to", to.name())
                .bind("from", from.name())
                .bind("id", denial)
                .bind("terminal", to.terminal())
                .bind("at", at.atOffset(java.time.ZoneOffset.UTC))
                .bind("eventId", eventId)
                .bind("actor", actor)
                .bind("reason", stored)
                .map(r -> r.get("practice_id", UUID.class))
                .one()
                .switchIfEmpty(Mono.error(() -> new IllegalTransitionException(denial, from, to)))
                .flatMap(
                        practice -> {
                            DenialMoved moved =
                                    new DenialMoved(
                                            eventId, denial, practice, from, to, actor, stored, at);
                            return reactor.core.publisher.Flux.fromIterable(listeners)
                                    .concatMap(l -> l.moved(moved))
                                    .then();
                        });
    }

    /** The status a denial is in now. */
    public Mono<DenialStatus> status(UUID denial) {
        return denials.find(DenialId.of(denial)).map(Denial::status);
    }

    /**
     * Writes triage's verdicts onto their denials and moves each one still NEW to TRIAGED, with its
     * event, in one statement (a batch of thousands at once; the move is the same guarded move as
     * {@link #move}: only from NEW). With {@code onlyChanged} (a re-triage after a reload) a denial
     * whose verdict is unchanged is left as it is; a playbook changes only while no work has
     * started.
     *
     * @return how many denials were written
     */
    public Mono<Long> triaged(List<TriageVerdict> verdicts, boolean onlyChanged) {
        int n = verdicts.size();
        if (n == 0) return Mono.just(0L);
        UUID[] ids = new UUID[n];
        String[] category = new String[n];
        String[] categoryBasis = new String[n];
        String[] rootCause = new String[n];
        Boolean[] appealable = new Boolean[n];
        String[] nextAction = new String[n];
        LocalDate[] deadline = new LocalDate[n];
        String[] deadlineBasis = new String[n];
        BigDecimal[] expected = new BigDecimal[n];
        String[] playbook = new String[n];
        String[] playbookReason = new String[n];
        String[] payerType = new String[n];
        Boolean[] payerConfigured = new Boolean[n];
        String[] warnings = new String[n];
        for (int i = 0; i < n; i++) {
            TriageVerdict v = verdicts.get(i);
            ids[i] = v.denial();
            category[i] = v.category();
            categoryBasis[i] = v.categoryBasis();
            rootCause[i] = v.rootCause();
            appealable[i] = v.appealable();
            nextAction[i] = v.nextAction();
            deadline[i] = v.deadline();
            deadlineBasis[i] = v.deadlineBasis();
            expected[i] = v.expectedRecovery();
            playbook[i] = v.playbook();
            playbookReason[i] = v.playbookReason();
            payerType[i] = v.payerType();
            payerConfigured[i] = v.payerConfigured();
            warnings[i] = String.join("\n", v.warnings());
        }
        String changed =
                !onlyChanged
                        ? ""
                        : """
                 AND (d.category IS DISTINCT FROM t.category OR d.root_cause IS DISTINCT FROM t.root_cause
                      OR d.appealable IS DISTINCT FROM t.appealable OR d.next_action IS DISTINCT FROM t.next_action
                      OR d.deadline IS DISTINCT FROM t.deadline OR d.expected_recovery IS DISTINCT FROM t.expected
                      OR (d.status IN ('NEW', 'TRIAGED') AND d.playbook IS DISTINCT FROM t.playbook)
                      OR d.payer_type IS DISTINCT FROM t.payer_type)""";
        // NEW -> TRIAGED is a lifecycle move like any other: it gets its event, in the same
        // statement
        return db.sql(
                        """
                WITH t AS (
                    SELECT * FROM unnest(:ids::uuid[], :category::text[], :categoryBasis::text[], :rootCause::text[],
                            :appealable::boolean[], :nextAction::text[], :deadline::date[], :deadlineBasis::text[],
                            :expected::numeric[], :playbook::text[], :playbookReason::text[], :payerType::text[],
                            :payerConfigured::boolean[], :warnings::text[])
                     AS t(id, category, category_basis, root_cause, appealable, next_action, deadline, deadline_basis,
                          expected, playbook, playbook_reason, payer_type, payer_configured, warnings)),
                fresh AS (SELECT d.id, d.practice_id FROM denial d JOIN t ON t.id = d.id WHERE d.status = 'NEW'),
                upd AS (
                    UPDATE denial d SET
                        category = t.category, category_basis = t.category_basis, root_cause = t.root_cause,
                        appealable = t.appealable, next_action = t.next_action, deadline = t.deadline,
                        deadline_basis = t.deadline_basis, expected_recovery = t.expected,
                        playbook = CASE WHEN d.status IN ('NEW', 'TRIAGED') OR d.playbook IS NULL THEN t.playbook ELSE d.playbook END,
                        playbook_reason = CASE WHEN d.status IN ('NEW', 'TRIAGED') OR d.playbook IS NULL THEN t.playbook_reason
                                               ELSE d.playbook_reason END,
                        payer_type = t.payer_type, payer_configured = t.payer_configured,
                        triage_warnings = CASE WHEN t.warnings = '' THEN '{}'::text[] ELSE string_to_array(t.warnings, E'\\n') END,
                        triaged_at = now(),
                        status = CASE WHEN d.status = 'NEW' THEN 'TRIAGED' ELSE d.status END
                    FROM t
                    WHERE d.id = t.id"""
                                + " "
                                + changed
                                + """
                    RETURNING d.id),
                ev AS (
                    INSERT INTO denial_event (id, practice_id, denial_id, from_status, to_status, actor, reason, at)
                    SELECT gen_random_uuid(), f.practice_id, f.id, 'NEW', 'TRIAGED', 'triage', 'categorized and planned', :at
                    FROM fresh f JOIN upd u ON u.id = f.id
                    RETURNING 1)
                SELECT (SELECT count(*) FROM upd) AS changed, (SELECT count(*) FROM ev) AS events""")
                .bind("ids", ids)
                .bind("category", category)
                .bind("categoryBasis", categoryBasis)
                .bind("rootCause", rootCause)
                .bind("appealable", appealable)
                .bind("nextAction", nextAction)
                .bind("deadline", deadline)
                .bind("deadlineBasis", deadlineBasis)
                .bind("expected", expected)
                .bind("playbook", playbook)
                .bind("playbookReason", playbookReason)
                .bind("payerType", payerType)
                .bind("payerConfigured", payerConfigured)
                .bind("warnings", warnings)
                .bind("at", Times.utc(clock.instant()))
                .map(r -> r.get("changed", Long.class))
                .one();
    }
}
