package org.reclaim.review;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.connector.support.Hashes;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.Ids;
import org.reclaim.core.NotFoundException;
import org.reclaim.core.Page;
import org.reclaim.core.Times;
import org.reclaim.denial.Denial;
import org.reclaim.denial.DenialId;
import org.reclaim.denial.DenialStatus;
import org.reclaim.denial.Denials;
import org.reclaim.denial.Lifecycle;
import org.reclaim.tenancy.PracticeScope;
import org.reclaim.work.PlaybookVersions;
import org.reclaim.work.WorkContext;
import org.reclaim.work.WorkItems;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * What an operator does to the agent's work: decide reviews, close, write off, retry, attach a
 * document or the original claim. Each is one transaction and each lifecycle move is recorded with
 * the operator's name (accounts arrive with the next issue; until then the name given is recorded).
 */
@Service
public class OperatorActions {

    private final DatabaseClient db;
    private final Lifecycle lifecycle;
    private final Denials denials;
    private final WorkItems items;
    private final Clock clock;
    private final TransactionalOperator tx;
    private final PlaybookVersions playbooks;
    private final ReviewDrafts drafts;

    OperatorActions(
            DatabaseClient db,
            ReviewDrafts drafts,
            Lifecycle lifecycle,
            Denials denials,
            WorkItems items,
            Clock clock,
            ReactiveTransactionManager txm,
            PlaybookVersions playbooks) {
        this.playbooks = playbooks;
        this.db = db;
        this.drafts = drafts;
        this.lifecycle = lifecycle;
        this.denials = denials;
        this.items = items;
        this.clock = clock;
        this.tx = TransactionalOperator.create(txm);
    }

    public record ReviewView(
            UUID id,
            UUID denialId,
            int stepIndex,
            String reason,
            UUID artifactId,
            String status,
            String decidedBy,
            String decision,
            OffsetDateTime createdAt,
            OffsetDateTime decidedAt,
            String playbook,
            String category,
            String patientControlNumber,
            String payerClaimNumber,
            java.math.BigDecimal amount,
            String payer,
            java.time.LocalDate deadline,
            Integer daysLeft,
            long ageDays,
            ReviewDrafts.Preview draft) {

        ReviewView withDraft(ReviewDrafts.Preview p) {
            return new ReviewView(
                    id,
                    denialId,
                    stepIndex,
                    reason,
                    artifactId,
                    status,
                    decidedBy,
                    decision,
                    createdAt,
                    decidedAt,
                    playbook,
                    category,
                    patientControlNumber,
                    payerClaimNumber,
                    amount,
                    payer,
                    deadline,
                    daysLeft,
                    ageDays,
                    p);
        }
    }

    /**
     * The oldest {@link Page#MAX_SIZE} reviews of the practices in {@code scope}: what the reviews
     * page shows and the demo approves, a batch at a time (a decided review makes room for the
     * next).
     */
    public Mono<List<ReviewView>> reviews(PracticeScope scope, String status) {
        return rows(scope, status, new Page.Request(0, Page.MAX_SIZE));
    }

    /**
     * A page of the reviews of the practices in {@code scope}, the nearest deadline first (reviews
     * of denials without a deadline last), then the oldest.
     */
    public Mono<Page<ReviewView>> reviews(PracticeScope scope, String status, Page.Request page) {
        Mono<Long> count =
                scope.bind(db.sql("SELECT count(*) AS n" + reviewsFrom(scope)))
                        .bind("status", status)
                        .map(r -> r.get("n", Long.class))
                        .one();
        return Page.of(page, rows(scope, status, page), count);
    }

    private Mono<List<ReviewView>> rows(PracticeScope scope, String status, Page.Request page) {
        return scope.bind(
                        db.sql(
                                "SELECT r.*, d.playbook, d.category, d.patient_control_number, d.payer_claim_number,"
                                        + " d.amount, d.payer_name, d.deadline,"
                                        + " (SELECT w.context FROM work_item w WHERE w.denial_id = r.denial_id) AS context,"
                                        + " (SELECT s.step FROM step_run s WHERE s.denial_id = r.denial_id"
                                        + " AND s.step_index = r.step_index AND s.started_at <= r.created_at"
                                        + " ORDER BY s.started_at DESC LIMIT 1) AS step_kind"
                                        + reviewsFrom(scope)
                                        + " ORDER BY d.deadline NULLS LAST, r.created_at, r.id LIMIT :limit OFFSET :offset"))
                .bind("status", status)
                .bind("limit", page.size())
                .bind("offset", page.offset())
                .map(
                        r -> {
                            java.time.LocalDate deadline =
                                    r.get("deadline", java.time.LocalDate.class);
                            OffsetDateTime created = r.get("created_at", OffsetDateTime.class);
                            java.time.LocalDate today =
                                    java.time.LocalDate.ofInstant(
                                            clock.instant(), java.time.ZoneOffset.UTC);
                            String reviewStatus = r.get("status", String.class);
                            ReviewView v =
                                    new ReviewView(
                                            r.get("id", UUID.class),
                                            r.get("denial_id", UUID.class),
                                            r.get("step_index", Integer.class),
                                            r.get("reason", String.class),
                                            r.get("artifact_id", UUID.class),
                                            r.get("status", String.class),
                                            r.get("decided_by", String.class),
                                            r.get("decision", String.class),
                                            r.get("created_at", OffsetDateTime.class),
                                            r.get("decided_at", OffsetDateTime.class),
                                            r.get("playbook", String.class),
                                            r.get("category", String.class),
                                            r.get("patient_control_number", String.class),
                                            r.get("payer_claim_number", String.class),
                                            r.get("amount", java.math.BigDecimal.class),
                                            r.get("payer_name", String.class),
                                            deadline,
                                            deadline == null
                                                    ? null
                                                    : (int)
                                                            java.time.temporal.ChronoUnit.DAYS
                                                                    .between(today, deadline),
                                            Math.max(
                                                    0,
                                                    java.time.temporal.ChronoUnit.DAYS.between(
                                                            created.atZoneSameInstant(
                                                                            java.time.ZoneOffset
                                                                                    .UTC)
                                                                    .toLocalDate(),
                                                            today)),
                                            null);
                            return new Raw(
                                    v,
                                    "OPEN".equals(reviewStatus)
                                            ? r.get("context", String.class)
                                            : null,
                                    r.get("step_kind", String.class));
                        })
                .all()
                .concatMap(raw -> drafts.preview(raw.view(), raw.context(), raw.stepKind()))
                .collectList();
    }

    /** A review as read, with what its preview is made from (decided reviews: no context). */
    private record Raw(ReviewView view, String context, String stepKind) {}

    /**
     * The reviews in {@code scope} with {@code :status}, less the open reviews of denials that
     * moved on (closed, escalated at their deadline): those wait for no one.
     */
    private static String reviewsFrom(PracticeScope scope) {
        return " FROM review r JOIN denial d ON d.id = r.denial_id WHERE r.status = :status AND "
                + scope.sql("r.practice_id")
                + " AND (r.status <> 'OPEN' OR d.status = "
                + DenialStatus.sql(DenialStatus.AWAITING_REVIEW)
                + ")";
    }

    /**
     * Approves (optionally with the operator's edits, kept for the step that asked) or rejects a
     * review.
     */
    public Mono<Void> decide(
            PracticeScope scope,
            UUID reviewId,
            boolean approve,
            String operator,
            String note,
            Map<String, String> edits) {
        return decide(scope, reviewId, approve, operator, note, edits, null);
    }

    /**
     * The same, with the seconds the operator spent on it (null: not reported, recorded as
     * unknown).
     */
    public Mono<Void> decide(
            PracticeScope scope,
            UUID reviewId,
            boolean approve,
            String operator,
            String note,
            Map<String, String> edits,
            Integer operatorSeconds) {
        String who = operatorName(operator);
        checkSeconds(operatorSeconds);
        if (!approve && (note == null || note.isBlank()))
            throw new BadRequestException("a rejection needs a reason");
        Instant now = clock.instant();
        return scope.bind(
                        db.sql(
                                "SELECT r.denial_id, r.step_index, r.status, r.practice_id, r.step_id,"
                                        + " d.status AS denial_status,"
                                        + " (SELECT max(e.at) FROM denial_event e WHERE e.denial_id = r.denial_id) AS moved_at"
                                        + " FROM review r JOIN denial d ON d.id = r.denial_id WHERE r.id = :id AND "
                                        + scope.sql("r.practice_id")))
                .bind("id", reviewId)
                .map(
                        r ->
                                new Object[] {
                                    r.get("denial_id", UUID.class),
                                    r.get("step_index", Integer.class),
                                    r.get("status", String.class),
                                    r.get("practice_id", UUID.class),
                                    r.get("step_id", String.class),
                                    r.get("denial_status", String.class),
                                    r.get("moved_at", OffsetDateTime.class)
                                })
                .one()
                .switchIfEmpty(Mono.error(() -> new NotFoundException("review", reviewId)))
                .flatMap(
                        o -> {
                            if (!"OPEN".equals(o[2]))
                                return Mono.error(
                                        new BadRequestException("the review is already " + o[2]));
                            UUID denial = (UUID) o[0];
                            if (!DenialStatus.AWAITING_REVIEW.name().equals(o[5]))
                                // the denial moved on (escalated at its deadline, closed): the
                                // review waits for no one, and deciding it would act on nothing
                                return Mono.error(
                                        new StaleReviewException(
                                                reviewId,
                                                denial,
                                                DenialStatus.valueOf((String) o[5]),
                                                (OffsetDateTime) o[6],
                                                approve));
                            // the step's id (a review opened before steps had ids: its index,
                            // which the agent reads as its pinned playbook's step at that index)
                            String step = o[4] != null ? (String) o[4] : String.valueOf(o[1]);
                            UUID practice = (UUID) o[3];
                            String decision = approve ? "APPROVED" : "REJECTED";
                            Map<String, String> ctx = new java.util.HashMap<>();
                            ctx.put("review." + step, decision);
                            if (edits != null) {
                                for (String k : edits.keySet()) {
                                    if (!k.matches("[A-Za-z0-9._\\[\\]-]{1,64}")) {
                                        return Mono.error(
                                                new BadRequestException(
                                                        "edit names are field names like "
                                                                + "line[2].modifiers, not '"
                                                                + k
                                                                + "'"));
                                    }
                                }
                                edits.forEach(
                                        (k, v) -> ctx.put("review." + step + ".edit." + k, v));
                            }
                            return tx.transactional(
                                    db.sql(
                                                    """
                                    UPDATE review SET status = :decision, decided_by = :who, decision = :note, decided_at = :now
                                    WHERE id = :id AND status = 'OPEN'""")
                                            .bind("decision", decision)
                                            .bind("who", who)
                                            .bind("note", note == null ? "" : note)
                                            .bind("now", Times.utc(now))
                                            .bind("id", reviewId)
                                            .then()
                                            .then(
                                                    lifecycle.move(
                                                            denial,
                                                            DenialStatus.AWAITING_REVIEW,
                                                            DenialStatus.IN_PROGRESS,
                                                            "operator:" + who,
                                                            decision.toLowerCase()
                                                                    + (note == null
                                                                                    || note
                                                                                            .isBlank()
                                                                            ? ""
                                                                            : ": " + note)))
                                            .then(items.amend(denial, "WAITING_REVIEW", ctx))
                                            .then(
                                                    db.sql(
                                                                    """
                                    UPDATE work_item SET state = 'READY', next_run_at = :now, updated_at = :now
                                    WHERE denial_id = :id AND state = 'WAITING_REVIEW'""")
                                                            .bind("now", Times.utc(now))
                                                            .bind("id", denial)
                                                            .then())
                                            .then(
                                                    time(
                                                            practice,
                                                            denial,
                                                            reviewId,
                                                            approve ? "APPROVE" : "REJECT",
                                                            who,
                                                            operatorSeconds,
                                                            now)));
                        });
    }

    public enum Action {
        CLOSE,
        WRITE_OFF,
        RETRY,
        ATTACH
    }

    public Mono<Void> act(
            PracticeScope scope,
            UUID denial,
            Action action,
            String operator,
            String reason,
            String fileName,
            byte[] document,
            String kind) {
        return act(scope, denial, action, operator, reason, fileName, document, kind, null);
    }

    /**
     * The same, with the seconds the operator spent on it (null: not reported, recorded as
     * unknown).
     */
    public Mono<Void> act(
            PracticeScope scope,
            UUID denial,
            Action action,
            String operator,
            String reason,
            String fileName,
            byte[] document,
            String kind,
            Integer operatorSeconds) {
        return act(
                scope,
                denial,
                action,
                operator,
                reason,
                fileName,
                document,
                kind,
                operatorSeconds,
                null);
    }

    /**
     * The same; a RETRY with {@code step} (a step id of the denial's pinned playbook) hands the
     * denial back to the agent from that step instead of the one it stopped at (which, for a
     * playbook's ESCALATE step, would only escalate it again).
     */
    public Mono<Void> act(
            PracticeScope scope,
            UUID denial,
            Action action,
            String operator,
            String reason,
            String fileName,
            byte[] document,
            String kind,
            Integer operatorSeconds,
            String step) {
        String who = operatorName(operator);
        if (step != null && action != Action.RETRY)
            throw new BadRequestException("step: only a RETRY starts from a step, not " + action);
        checkSeconds(operatorSeconds);
        Instant now = clock.instant();
        return denials.find(scope, DenialId.of(denial))
                .map(Denial::practiceId)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("denial", denial)))
                .flatMap(
                        practice ->
                                lifecycle
                                        .status(denial)
                                        .flatMap(
                                                status -> {
                                                    Mono<Void> time =
                                                            time(
                                                                    practice,
                                                                    denial,
                                                                    null,
                                                                    action.name(),
                                                                    who,
                                                                    operatorSeconds,
                                                                    now);
                                                    return switch (action) {
                                                        case CLOSE, WRITE_OFF -> {
                                                            if (reason == null || reason.isBlank())
                                                                yield Mono.error(
                                                                        new BadRequestException(
                                                                                "a reason is needed"));
                                                            DenialStatus to =
                                                                    action == Action.CLOSE
                                                                            ? DenialStatus.CLOSED
                                                                            : DenialStatus
                                                                                    .WRITTEN_OFF;
                                                            if (!status.canMoveTo(to)) {
                                                                yield Mono.error(
                                                                        new BadRequestException(
                                                                                "a denial in "
                                                                                        + status
                                                                                        + " cannot be "
                                                                                        + to));
                                                            }
                                                            yield tx.transactional(
                                                                    lifecycle
                                                                            .move(
                                                                                    denial,
                                                                                    status,
                                                                                    to,
                                                                                    "operator:"
                                                                                            + who,
                                                                                    reason)
                                                                            .then(
                                                                                    items.stop(
                                                                                            denial,
                                                                                            now))
                                                                            .then(time));
                                                        }
                                                        case RETRY -> {
                                                            if (status != DenialStatus.ESCALATED) {
                                                                yield Mono.error(
                                                                        new BadRequestException(
                                                                                "only an escalated denial can be retried, not "
                                                                                        + status));
                                                            }
                                                            yield stepIndex(denial, step)
                                                                    .flatMap(
                                                                            index ->
                                                                                    retry(
                                                                                            denial,
                                                                                            status,
                                                                                            who,
                                                                                            reason,
                                                                                            index,
                                                                                            now,
                                                                                            time));
                                                        }
                                                        case ATTACH -> {
                                                            if (document == null
                                                                    || document.length == 0)
                                                                yield Mono.error(
                                                                        new BadRequestException(
                                                                                "no document"));
                                                            String k =
                                                                    "original-claim".equals(kind)
                                                                            ? "original-claim"
                                                                            : "attachment";
                                                            yield tx.transactional(
                                                                    db.sql(
                                                                                    """
                                        INSERT INTO artifact (id, practice_id, denial_id, kind, media_type, sha256, content,
                                                              source, created_at)
                                        VALUES (:id, :p, :d, :kind, :media, :sha, :content, :source, :now)""")
                                                                            .bind("id", Ids.next())
                                                                            .bind("p", practice)
                                                                            .bind("d", denial)
                                                                            .bind("kind", k)
                                                                            .bind(
                                                                                    "media",
                                                                                    k.equals(
                                                                                                    "original-claim")
                                                                                            ? "application/edi-x12"
                                                                                            : "application/octet-stream")
                                                                            .bind(
                                                                                    "sha",
                                                                                    Hashes.sha256(
                                                                                            document))
                                                                            .bind(
                                                                                    "content",
                                                                                    document)
                                                                            .bind(
                                                                                    "source",
                                                                                    "operator:"
                                                                                            + who
                                                                                            + (fileName
                                                                                                            == null
                                                                                                    ? ""
                                                                                                    : " "
                                                                                                            + fileName))
                                                                            .bind(
                                                                                    "now",
                                                                                    Times.utc(now))
                                                                            .then()
                                                                            .then(time));
                                                        }
                                                    };
                                                }));
    }

    /**
     * The index of {@code step} in the denial's pinned playbook; -1 (keep the step it stopped at)
     * when no step is named.
     */
    private Mono<Restart> stepIndex(UUID denial, String step) {
        if (step == null || step.isBlank()) return Mono.just(new Restart(-1, List.of()));
        String id = step.trim();
        return playbooks
                .ofDenial(denial)
                .switchIfEmpty(
                        Mono.error(
                                () ->
                                        new BadRequestException(
                                                "step: the denial has no playbook to retry in")))
                .flatMap(
                        p -> {
                            int i = p.indexOf(id);
                            if (i < 0)
                                return Mono.error(
                                        new BadRequestException(
                                                "step: playbook "
                                                        + p.id()
                                                        + " has no step '"
                                                        + id
                                                        + "'; its steps are "
                                                        + p.steps().stream()
                                                                .map(s -> s.id())
                                                                .toList()));
                            return Mono.just(
                                    new Restart(
                                            i,
                                            p.steps().subList(i, p.steps().size()).stream()
                                                    .map(s -> s.id())
                                                    .toList()));
                        });
    }

    /**
     * Where a retry starts: the step index (-1: where it stopped) and the ids of the steps from
     * there on, whose earlier review decisions no longer hold.
     */
    private record Restart(int index, List<String> steps) {}

    /**
     * The work item's context without the review decisions of the steps run again: a step retried
     * asks its operator afresh instead of reading the decision that led to the escalation.
     */
    private Mono<Void> forgetDecisions(UUID denial, List<String> steps, Instant now) {
        if (steps.isEmpty()) return Mono.empty();
        return db.sql("SELECT context FROM work_item WHERE denial_id = :id")
                .bind("id", denial)
                .map(r -> r.get("context", String.class))
                .one()
                .flatMap(
                        text -> {
                            Map<String, String> removed = new java.util.HashMap<>();
                            for (String id : steps) removed.put("review." + id, null);
                            String after = WorkContext.decode(text).with(removed).encode();
                            return db.sql(
                                            "UPDATE work_item SET context = :c, updated_at = :now WHERE denial_id = :id")
                                    .bind("c", after)
                                    .bind("now", Times.utc(now))
                                    .bind("id", denial)
                                    .then();
                        });
    }

    /** Back to the agent: IN_PROGRESS, its work item due now, from step {@code index} if not -1. */
    private Mono<Void> retry(
            UUID denial,
            DenialStatus status,
            String who,
            String reason,
            Restart restart,
            Instant now,
            Mono<Void> time) {
        int index = restart.index();
        String why = reason == null || reason.isBlank() ? "retry" : reason;
        return tx.transactional(
                lifecycle
                        .move(denial, status, DenialStatus.IN_PROGRESS, "operator:" + who, why)
                        .then(
                                db.sql(
                                                """
                                        UPDATE work_item SET state = 'READY', attempt = 0, next_run_at = :now,
                                               step_index = CASE WHEN :index < 0 THEN step_index ELSE :index END,
                                               lease_owner = NULL, lease_until = NULL, updated_at = :now
                                        WHERE denial_id = :id""")
                                        .bind("now", Times.utc(now))
                                        .bind("index", index)
                                        .bind("id", denial)
                                        .then())
                        .then(forgetDecisions(denial, restart.steps(), now))
                        .then(time));
    }

    private static void checkSeconds(Integer seconds) {
        if (seconds != null && (seconds < 0 || seconds > 86_400)) {
            throw new BadRequestException("operatorSeconds must be 0 to 86400, got " + seconds);
        }
    }

    /** The decision's operator time (metrics: cost to rework), in the decision's transaction. */
    private Mono<Void> time(
            UUID practice,
            UUID denial,
            UUID review,
            String action,
            String who,
            Integer seconds,
            Instant now) {
        var spec =
                db.sql(
                                """
                        INSERT INTO operator_time (id, practice_id, denial_id, review_id, action, operator, seconds, at)
                        VALUES (:id, :p, :d, :r, :action, :who, :seconds, :now)""")
                        .bind("id", Ids.next())
                        .bind("p", practice)
                        .bind("d", denial)
                        .bind("action", action)
                        .bind("who", who)
                        .bind("now", Times.utc(now));
        spec = review == null ? spec.bindNull("r", UUID.class) : spec.bind("r", review);
        spec =
                seconds == null
                        ? spec.bindNull("seconds", Integer.class)
                        : spec.bind("seconds", seconds);
        return spec.then();
    }

    private static String operatorName(String operator) {
        if (operator == null || operator.isBlank())
            throw new BadRequestException("the operator's name is needed");
        String o = operator.strip();
        if (o.length() > 100 || !o.matches("[\\p{L}\\p{N} ._@-]+"))
            throw new BadRequestException("invalid operator name");
        return o;
    }
}
