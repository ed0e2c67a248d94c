package org.reclaim.denial;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Reads a denial by id and writes what other modules learn of it besides its status (which only
 * {@link Lifecycle} moves): the payer's answer, the amount recovered, the appeal level reached.
 * Call the writes inside the transaction of whatever else they go with.
 */
@Repository
public class Denials {

    private final DatabaseClient db;

    Denials(DatabaseClient db) {
        this.db = db;
    }

    private static final String SELECT =
            """
            SELECT id, practice_id, status, claim_payment_id, line, amount, deadline, answered_by, recovered,
                   appeal_level
            FROM denial WHERE id = :id""";

    /** The denial, or empty when there is none with that id. */
    public Mono<Denial> find(DenialId id) {
        return read(db.sql(SELECT).bind("id", id.value()));
    }

    /**
     * The denial if it is one of {@code scope}'s practices', or empty (as for one that does not
     * exist).
     */
    public Mono<Denial> find(PracticeScope scope, DenialId id) {
        return read(
                scope.bind(db.sql(SELECT + " AND " + scope.sql("practice_id")))
                        .bind("id", id.value()));
    }

    /**
     * Another denial of the same claim payment whose submission awaits the payer's answer ({@link
     * DenialStatus#SUBMITTED} or {@link DenialStatus#AWAITING_PAYER}), or empty.
     */
    public Mono<DenialId> siblingAwaitingPayer(DenialId id, UUID claimPayment) {
        return siblingAwaitingPayer(id, claimPayment, null, null);
    }

    /**
     * Another denial of the same claim payment, for the same reason ({@code group} and {@code
     * carc}, when given), whose submission awaits the payer's answer, or empty.
     */
    public Mono<DenialId> siblingAwaitingPayer(
            DenialId id, UUID claimPayment, String group, String carc) {
        var spec =
                db.sql(
                                "SELECT id FROM denial WHERE claim_payment_id = :claim AND id <> :id"
                                        + " AND status IN ("
                                        + DenialStatus.sql(
                                                DenialStatus.SUBMITTED, DenialStatus.AWAITING_PAYER)
                                        + ")"
                                        + (carc == null
                                                ? ""
                                                : " AND group_code = :group AND carc = :carc")
                                        + " ORDER BY id LIMIT 1")
                        .bind("claim", claimPayment)
                        .bind("id", id.value());
        if (carc != null) spec = spec.bind("group", group).bind("carc", carc);
        return spec.map(r -> new DenialId(r.get(0, UUID.class))).one();
    }

    /** A line of a claim denied for a reason, as an appeal lists it. */
    public record SameReasonLine(DenialId id, Integer line, String procedure, BigDecimal amount) {}

    /**
     * The other denials of the same claim payment, denied for the same reason ({@code group},
     * {@code carc}) at the same appeal level, that are still the agent's to work and have nothing
     * before the payer yet: the lines one appeal for that reason can list together.
     */
    public reactor.core.publisher.Flux<SameReasonLine> openForSameReason(
            DenialId id, UUID claimPayment, String group, String carc, int appealLevel) {
        return db.sql(
                        "SELECT id, line, procedure, amount FROM denial WHERE claim_payment_id = :claim"
                                + " AND id <> :id AND group_code = :group AND carc = :carc"
                                + " AND COALESCE(appeal_level, 1) = :level AND status IN ("
                                + DenialStatus.sql(
                                        DenialStatus.NEW,
                                        DenialStatus.TRIAGED,
                                        DenialStatus.IN_PROGRESS,
                                        DenialStatus.AWAITING_REVIEW)
                                + ") ORDER BY line NULLS FIRST, id")
                .bind("claim", claimPayment)
                .bind("id", id.value())
                .bind("group", group)
                .bind("carc", carc)
                .bind("level", Math.max(1, appealLevel))
                .map(
                        r ->
                                new SameReasonLine(
                                        new DenialId(r.get("id", UUID.class)),
                                        r.get("line", Integer.class),
                                        r.get("procedure", String.class),
                                        r.get("amount", BigDecimal.class)))
                .all();
    }

    /**
     * Another line's corrected claim: its {@code line} (0 for the whole claim), and where it is:
     * {@link State#SENT} (pending, sending or sent), {@link State#DRAFTED} (drafted, its denial
     * still working toward a send or a review) or {@link State#HELD_IN_REVIEW} (drafted, its denial
     * waiting for an operator's review, nothing sent).
     */
    public record SiblingCorrection(int line, State state) {

        public enum State {
            SENT,
            DRAFTED,
            HELD_IN_REVIEW
        }
    }

    /**
     * The line of another denial of the same claim payment whose corrected claim (an 837) is on its
     * way to or with the payer, or drafted and held for an operator's review: a replacement
     * readjudicates every line of the claim, so the payer's answer to it decides this denial's line
     * too. Empty when there is none.
     */
    public Mono<SiblingCorrection> siblingCorrectionWithPayer(DenialId id, UUID claimPayment) {
        return db.sql(
                        "SELECT coalesce(d.line, 0) AS line, CASE WHEN EXISTS (SELECT 1 FROM submission s"
                                + " WHERE s.denial_id = d.id AND s.kind IN ('837', 'reopening')"
                                + " AND s.status IN ('PENDING', 'SENDING', 'SENT')) THEN 0"
                                + " WHEN d.status = '"
                                + DenialStatus.AWAITING_REVIEW.name()
                                + "' THEN 2 ELSE 1 END AS state"
                                + " FROM denial d WHERE d.claim_payment_id = :claim"
                                + " AND d.id <> :id AND d.status IN ("
                                + DenialStatus.sql(
                                        DenialStatus.IN_PROGRESS,
                                        DenialStatus.AWAITING_REVIEW,
                                        DenialStatus.SUBMITTED,
                                        DenialStatus.AWAITING_PAYER)
                                + ") AND (EXISTS (SELECT 1 FROM submission s WHERE s.denial_id = d.id"
                                + " AND s.kind IN ('837', 'reopening') AND s.status IN ('PENDING', 'SENDING', 'SENT'))"
                                // or drafted, not yet sent: unless this denial has a submission
                                // of its own out (the draft's send may wait on its answer: both
                                // would wait)
                                + " OR (d.status IN ("
                                + DenialStatus.sql(
                                        DenialStatus.IN_PROGRESS, DenialStatus.AWAITING_REVIEW)
                                + ") AND EXISTS (SELECT 1 FROM artifact a WHERE a.denial_id = d.id"
                                + " AND a.kind = 'claim-837')"
                                + " AND NOT EXISTS (SELECT 1 FROM submission o WHERE o.denial_id = :id"
                                + " AND o.status IN ('PENDING', 'SENDING', 'SENT'))))"
                                + " ORDER BY state, d.line NULLS FIRST LIMIT 1")
                .bind("claim", claimPayment)
                .bind("id", id.value())
                .map(
                        r ->
                                new SiblingCorrection(
                                        r.get("line", Integer.class),
                                        SiblingCorrection.State.values()[
                                                r.get("state", Integer.class)]))
                .one();
    }

    /** The payment date of the remittance whose claim payment answered the denial, if one did. */
    public Mono<LocalDate> answeredOn(DenialId id) {
        return db.sql(
                        """
                        SELECT r.payment_date FROM denial d
                        JOIN claim_payment cp ON cp.id = d.answered_by
                        JOIN remittance r ON r.id = cp.remittance_id
                        WHERE d.id = :d AND r.payment_date IS NOT NULL""")
                .bind("d", id.value())
                .map(r -> r.get(0, LocalDate.class))
                .one();
    }

    private static Mono<Denial> read(DatabaseClient.GenericExecuteSpec spec) {
        return spec.map(
                        r ->
                                new Denial(
                                        new DenialId(r.get("id", UUID.class)),
                                        r.get("practice_id", UUID.class),
                                        DenialStatus.valueOf(r.get("status", String.class)),
                                        r.get("claim_payment_id", UUID.class),
                                        r.get("line", Integer.class),
                                        r.get("amount", BigDecimal.class),
                                        r.get("deadline", LocalDate.class),
                                        r.get("answered_by", UUID.class),
                                        r.get("recovered", BigDecimal.class),
                                        orOne(r.get("appeal_level", Integer.class))))
                .one();
    }

    /** The later claim payment that answered the denial (paid it, or denied it again). */
    public Mono<Void> answeredBy(DenialId id, UUID claimPayment) {
        return db.sql("UPDATE denial SET answered_by = :later WHERE id = :id")
                .bind("later", claimPayment)
                .bind("id", id.value())
                .then();
    }

    /** What the payer's later payment recovered of the denial. */
    public Mono<Void> recovered(DenialId id, BigDecimal amount) {
        return db.sql("UPDATE denial SET recovered = :r WHERE id = :id")
                .bind("r", amount)
                .bind("id", id.value())
                .then();
    }

    /** The denial goes to the next appeal level, whose window ends on {@code deadline}. */
    public Mono<Void> nextAppealLevel(DenialId id, int level, LocalDate deadline) {
        return db.sql(
                        "UPDATE denial SET appeal_level = :level, deadline = :deadline WHERE id = :id")
                .bind("level", level)
                .bind("deadline", deadline)
                .bind("id", id.value())
                .then();
    }

    private static int orOne(Integer level) {
        return level == null ? 1 : level;
    }
}
