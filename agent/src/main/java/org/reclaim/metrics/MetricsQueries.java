package org.reclaim.metrics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.reclaim.denial.DenialStatus;
import org.reclaim.rules.Category;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import reactor.core.publisher.Mono;

/**
 * The metrics' SQL: each query returns additive cells (see {@link Cell}) read from the stored
 * claims, remittances, acknowledgments, denials and the agent's records. No practice filter here:
 * row-level security shows each caller its own practices (V5__tenancy.sql).
 */
@Component
class MetricsQueries implements MetricsSource {

    /** The month a date falls in, the month axis of every breakdown. */
    static final String MONTH =
            "coalesce(to_char(%s, 'YYYY-MM'), '" + MetricsService.UNDATED + "')";

    /**
     * The day itself, the axis the rollups keep ({@link MetricsRollups}): each query below run with
     * it instead of {@link #MONTH} gives the same sums by day.
     */
    static final String DAY = "%s";

    /**
     * 835 claim statuses that are an adjudication (reversals, forwarded claims and
     * predeterminations are not).
     */
    private static final String ADJUDICATED = "('1', '2', '3', '4', '19', '20', '21')";

    /**
     * A denial that counts as one (DOMAIN "Metrics"): not an exact duplicate (CARC 18) and not
     * triaged into a category that is not a denial (the contract, a prior payer or the patient
     * accounts for the money).
     */
    static final String COUNTABLE =
            "d.carc <> '18' AND (d.category IS NULL OR d.category NOT IN ("
                    + Arrays.stream(Category.values())
                            .filter(c -> !c.workable())
                            .map(c -> "'" + c + "'")
                            .collect(Collectors.joining(", "))
                    + "))";

    static final String TERMINAL = DenialStatus.terminalSql();

    /** Open and nothing submitted yet for the current action: a deadline can still be missed. */
    static final String BEFORE_SUBMISSION;

    static {
        EnumSet<DenialStatus> s = EnumSet.copyOf(DenialStatus.open());
        s.removeAll(EnumSet.of(DenialStatus.SUBMITTED, DenialStatus.AWAITING_PAYER));
        BEFORE_SUBMISSION = s.stream().map(x -> "'" + x + "'").collect(Collectors.joining(", "));
    }

    // ------------------------------------------------------------------ 835: first adjudications

    /** Each claim's first adjudication by each payer (practice, payer, CLP01), with its date. */
    private static final String FIRST_ADJUDICATIONS =
            """
            first_adj AS (
                SELECT DISTINCT ON (cp.practice_id, r.payer_id, cp.patient_control_number)
                       cp.id, cp.charge, r.payer_id, r.payer_name,
                       coalesce(r.payment_date, (f.received_at AT TIME ZONE 'UTC')::date) AS day
                FROM claim_payment cp
                JOIN remittance r ON r.id = cp.remittance_id
                JOIN x12_file f ON f.id = r.file_id
                WHERE cp.status IN"""
                    + ADJUDICATED
                    + """

                -- first to arrive (as the agent's resolutions count answers), then by payment date
                ORDER BY cp.practice_id, r.payer_id, cp.patient_control_number, f.received_at, r.payment_date,
                         r.id, cp.claim_index)""";

    private static final String ADJUDICATIONS = adjudications(MONTH);

    static String adjudications(String axis) {
        return "WITH "
                + FIRST_ADJUDICATIONS
                + """
            ,
            per_claim AS (
                SELECT a.id, a.charge, a.payer_id, a.payer_name, a.day,
                       count(d.id) FILTER (WHERE %1$s) AS denials,
                       count(d.id) FILTER (WHERE d.carc = '18') AS duplicates,
                       coalesce(sum(d.amount) FILTER (WHERE %1$s), 0) AS denied_amount
                FROM first_adj a LEFT JOIN denial d ON d.claim_payment_id = a.id
                GROUP BY a.id, a.charge, a.payer_id, a.payer_name, a.day)
            SELECT payer_id, max(payer_name) AS payer_name, %2$s AS month,
                   count(*) AS claims, sum(charge) AS charges,
                   count(*) FILTER (WHERE denials > 0) AS denied_claims, sum(denied_amount) AS denied_dollars
            FROM per_claim
            -- a claim whose only denial is an exact duplicate is left out altogether
            WHERE NOT (duplicates > 0 AND denials = 0)
              AND (NOT :bounded OR day BETWEEN :from AND :to)
            GROUP BY payer_id, 3"""
                        .formatted(COUNTABLE, axis.formatted("day"));
    }

    /** The first adjudications' countable denials by category, the sums by day (no period). */
    static final String ADJUDICATIONS_BY_CATEGORY_AND_DAY =
            "WITH "
                    + FIRST_ADJUDICATIONS
                    + """

            SELECT coalesce(d.category, '%2$s') AS category, a.day AS month,
                   count(DISTINCT a.id) AS denied_claims, sum(d.amount) AS denied_dollars
            FROM first_adj a JOIN denial d ON d.claim_payment_id = a.id AND %1$s
            GROUP BY 1, 2"""
                            .formatted(COUNTABLE, MetricsService.UNTRIAGED);

    private static final String ADJUDICATIONS_BY_CATEGORY =
            "WITH "
                    + FIRST_ADJUDICATIONS
                    + """

            SELECT coalesce(d.category, '%2$s') AS category,
                   count(DISTINCT a.id) AS denied_claims, sum(d.amount) AS denied_dollars
            FROM first_adj a JOIN denial d ON d.claim_payment_id = a.id AND %1$s
            WHERE (NOT :bounded OR a.day BETWEEN :from AND :to)
            GROUP BY 1"""
                            .formatted(COUNTABLE, MetricsService.UNTRIAGED);

    // ------------------------------------------------------------------ 837: claims and their
    // answers

    /**
     * Submissions grouped into claims (practice, payer, CLM01): the first is the claim, later ones
     * are resubmissions; every adjudication of any of them through the 835 → 837 links.
     */
    private static final String CLAIMS =
            """
            WITH sub AS (
                SELECT sc.id, sc.practice_id, sc.payer_id, sc.payer_name, sc.patient_control_number AS pcn, sc.charge,
                       sc.frequency, sc.submission_id, f.received_at,
                       coalesce(sc.submission_date, (f.received_at AT TIME ZONE 'UTC')::date) AS day,
                       first_value(sc.id) OVER w AS first_id,
                       row_number() OVER w AS n,
                       lead(f.received_at) OVER w AS next_received
                FROM submitted_claim sc
                JOIN claim_submission cs ON cs.id = sc.submission_id
                JOIN x12_file f ON f.id = cs.file_id
                WINDOW w AS (PARTITION BY sc.practice_id, sc.payer_id, sc.patient_control_number
                             ORDER BY coalesce(sc.submission_date, (f.received_at AT TIME ZONE 'UTC')::date),
                                      f.received_at, sc.id)),
            claim AS (SELECT * FROM sub WHERE n = 1 AND coalesce(frequency, '1') NOT IN ('7', '8')),
            adj AS (
                SELECT s.first_id, s.id AS submitted_id, cp.id AS cp_id, cp.status, cp.paid, f.received_at,
                       coalesce(r.payment_date, (f.received_at AT TIME ZONE 'UTC')::date) AS day
                FROM sub s
                JOIN claim_payment_link l ON l.submitted_claim_id = s.id
                JOIN claim_payment cp ON cp.id = l.claim_payment_id AND cp.status <> '22'
                JOIN remittance r ON r.id = cp.remittance_id
                JOIN x12_file f ON f.id = r.file_id),
            first_adj AS (
                SELECT DISTINCT ON (first_id) * FROM adj ORDER BY first_id, received_at, day, cp_id)""";

    private static final String CLAIM_VERDICTS = claimVerdicts(MONTH);

    static String claimVerdicts(String axis) {
        return CLAIMS
                + """
            ,
            -- a 999/997 answer about an 837 set: the one the view set_answer names (V10__rejections.sql: set and
            -- group control numbers, the latest 837 stored before the answer)
            set_verdict AS (
                SELECT sa.claim_submission_id AS submission_id, i.code, i.accepted, sa.received_at
                FROM set_answer sa JOIN acknowledgment_item i ON i.id = sa.item_id),
            claim_answer AS (
                SELECT i.practice_id, i.patient_control_number AS pcn, i.accepted, af.received_at
                FROM acknowledgment_item i
                JOIN acknowledgment a ON a.id = i.acknowledgment_id
                JOIN x12_file af ON af.id = a.file_id
                WHERE i.kind = 'claim'),
            -- only answers that arrived between the first submission and its first 835 (or its resubmission)
            window_ AS (
                SELECT c.id, c.practice_id, c.pcn, c.submission_id, c.received_at AS opens,
                       least(fa.received_at, c.next_received) AS closes
                FROM claim c LEFT JOIN first_adj fa ON fa.first_id = c.id),
            answers AS (
                SELECT w.id, x.accepted, x.code = 'E' AS edit
                FROM window_ w JOIN set_verdict x ON x.submission_id = w.submission_id
                WHERE x.received_at >= w.opens AND (w.closes IS NULL OR x.received_at < w.closes)
                UNION ALL
                SELECT w.id, x.accepted, false
                FROM window_ w JOIN claim_answer x ON x.practice_id = w.practice_id AND x.pcn = w.pcn
                WHERE x.received_at >= w.opens AND (w.closes IS NULL OR x.received_at < w.closes)),
            verdict AS (
                SELECT id, count(*) AS answers, bool_or(NOT accepted) AS rejected, bool_or(edit) AS edited
                FROM answers GROUP BY id),
            judged AS (
                SELECT c.payer_id, c.payer_name, c.day,
                       v.id IS NULL AS unanswered,
                       coalesce(v.rejected, false) AS rejected,
                       coalesce(v.edited, false) AS edited,
                       fa.first_id IS NOT NULL AS adjudicated,
                       fa.submitted_id = c.id AND fa.status IN %1$s AND fa.paid > 0
                           AND NOT EXISTS (SELECT 1 FROM denial d WHERE d.claim_payment_id = fa.cp_id AND %2$s) AS paid_clean
                FROM claim c
                LEFT JOIN verdict v ON v.id = c.id
                LEFT JOIN first_adj fa ON fa.first_id = c.id)
            SELECT payer_id, max(payer_name) AS payer_name, %3$s AS month,
                   count(*) AS claims,
                   count(*) FILTER (WHERE unanswered) AS without_ack,
                   count(*) FILTER (WHERE rejected) AS rejected,
                   count(*) FILTER (WHERE edited AND NOT rejected) AS edited,
                   count(*) FILTER (WHERE NOT rejected AND NOT edited) AS clean,
                   count(*) FILTER (WHERE rejected OR adjudicated) AS decided,
                   count(*) FILTER (WHERE NOT rejected AND coalesce(paid_clean, false)) AS first_pass
            FROM judged
            WHERE (NOT :bounded OR day BETWEEN :from AND :to)
            GROUP BY payer_id, 3"""
                        .formatted(ADJUDICATED, COUNTABLE, axis.formatted("day"));
    }

    /**
     * Days from a claim's first submission to the first 835 that paid anything on it, by month of
     * payment.
     */
    private static final String PAYMENTS = payments(MONTH);

    static String payments(String axis) {
        return CLAIMS
                + """
            ,
            first_paid AS (
                SELECT DISTINCT ON (first_id) first_id, day FROM adj WHERE paid > 0
                ORDER BY first_id, received_at, day, cp_id)
            SELECT c.payer_id, max(c.payer_name) AS payer_name, %s AS month,
                   count(*) AS claims_paid, sum(p.day - c.day) AS days
            FROM claim c JOIN first_paid p ON p.first_id = c.id
            WHERE (NOT :bounded OR p.day BETWEEN :from AND :to)
            GROUP BY c.payer_id, 3"""
                        .formatted(axis.formatted("p.day"));
    }

    /**
     * Accounts receivable at each date, claims' part: billed charges of claims not adjudicated by
     * then, and the charges billed in the window before it. The claims are added up by (payer, day
     * billed, day adjudicated) first, once: each date then goes over a few thousand rows instead of
     * every claim (at 50,000 claims and 13 dates, 0.7 s instead of 2.3 s).
     */
    static final String BILLED =
            CLAIMS
                    + """
            ,
            adjudicated AS (SELECT first_id, min(day) AS day FROM adj GROUP BY first_id),
            billed AS MATERIALIZED (
                SELECT c.payer_id, max(c.payer_name) AS payer_name, sum(c.charge) AS charge, c.day,
                       j.day AS adjudicated_on
                FROM claim c LEFT JOIN adjudicated j ON j.first_id = c.id
                GROUP BY c.payer_id, c.day, j.day)""";

    private static final String CLAIMS_OUTSTANDING =
            BILLED
                    + """
            ,
            asof AS (SELECT DISTINCT unnest(CAST(:dates AS text[]))::date AS d)
            SELECT to_char(a.d, 'YYYY-MM-DD') AS as_of, b.payer_id, max(b.payer_name) AS payer_name,
                   coalesce(sum(b.charge) FILTER (WHERE b.day <= a.d
                                                    AND (b.adjudicated_on IS NULL OR b.adjudicated_on > a.d)), 0)
                       AS claims_outstanding,
                   coalesce(sum(b.charge) FILTER (WHERE b.day > a.d - :window AND b.day <= a.d), 0) AS window_charges
            FROM asof a CROSS JOIN billed b
            GROUP BY a.d, b.payer_id""";

    /**
     * Accounts receivable at each date, denials' part: denials received by then and not resolved by
     * then.
     */
    private static final String DENIALS_OUTSTANDING =
            """
            SELECT to_char(a.d, 'YYYY-MM-DD') AS as_of, d.payer_id, max(d.payer_name) AS payer_name,
                   sum(d.amount) AS denials_outstanding
            FROM (SELECT DISTINCT unnest(CAST(:dates AS text[]))::date AS d) a
            JOIN denial d ON coalesce(d.payment_date, (d.created_at AT TIME ZONE 'UTC')::date) <= a.d
            WHERE %s AND coalesce(d.playbook, '') <> 'no-action'
              AND NOT (d.status IN (%s) AND coalesce((d.resolved_at AT TIME ZONE 'UTC')::date, a.d) <= a.d)
            GROUP BY a.d, d.payer_id"""
                    .formatted(COUNTABLE, TERMINAL);

    // ------------------------------------------------------------------ denials and the agent's
    // work

    private static final String DENIALS = denials(MONTH);

    static String denials(String axis) {
        return """
            WITH steps AS (
                SELECT denial_id, count(*) AS steps, sum(tokens_in::bigint + tokens_out) AS tokens
                FROM step_run GROUP BY denial_id),
            ops AS (
                SELECT denial_id, count(*) AS decisions, count(*) FILTER (WHERE seconds IS NULL) AS unknown,
                       coalesce(sum(seconds), 0) AS seconds
                FROM operator_time GROUP BY denial_id),
            appeals AS (
                SELECT denial_id, min(coalesce(sent_at, created_at)) AS first_sent
                FROM submission WHERE kind = 'appeal' AND status = 'SENT' GROUP BY denial_id),
            per AS (
                SELECT d.payer_id, d.payer_name, coalesce(d.category, '%1$s') AS category,
                       coalesce(d.payment_date, (d.created_at AT TIME ZONE 'UTC')::date) AS day,
                       d.status, d.deadline, coalesce(d.playbook, '') AS playbook,
                       coalesce(s.steps, 0) AS steps, coalesce(s.tokens, 0) AS tokens,
                       coalesce(o.decisions, 0) AS decisions, coalesce(o.unknown, 0) AS unknown,
                       coalesce(o.seconds, 0) AS seconds,
                       ap.first_sent IS NOT NULL AS appealed,
                       d.status IN (%5$s) AS paid,
                       ap.first_sent IS NOT NULL AND EXISTS (
                           SELECT 1 FROM denial_event e WHERE e.denial_id = d.id AND e.to_status = %6$s
                              AND e.actor LIKE 'payer:%%' AND e.at >= ap.first_sent) AS upheld_after_appeal,
                       b.recovered AS billed_recovered, b.fee
                FROM denial d
                LEFT JOIN steps s ON s.denial_id = d.id
                LEFT JOIN ops o ON o.denial_id = d.id
                LEFT JOIN appeals ap ON ap.denial_id = d.id
                LEFT JOIN billable_event b ON b.denial_id = d.id)
            SELECT payer_id, max(payer_name) AS payer_name, %2$s AS month, category,
                   count(*) AS denials,
                   count(*) FILTER (WHERE steps > 0 OR decisions > 0) AS worked,
                   sum(steps) AS steps, sum(tokens) AS tokens,
                   sum(decisions) AS decisions, sum(unknown) AS decisions_without_time, sum(seconds) AS seconds,
                   count(*) FILTER (WHERE appealed) AS appealed,
                   count(*) FILTER (WHERE appealed AND paid) AS overturned,
                   count(*) FILTER (WHERE appealed AND (paid OR upheld_after_appeal)) AS appeals_decided,
                   count(*) FILTER (WHERE billed_recovered IS NOT NULL) AS resolved,
                   coalesce(sum(billed_recovered), 0) AS recovered, coalesce(sum(fee), 0) AS fees,
                   count(*) FILTER (WHERE status = %7$s) AS awaiting_review,
                   count(*) FILTER (WHERE status NOT IN (%3$s) AND playbook <> 'no-action') AS open,
                   count(*) FILTER (WHERE status IN (%4$s) AND playbook <> 'no-action' AND deadline <= :riskLimit)
                       AS at_risk,
                   count(*) FILTER (WHERE status IN (%4$s) AND playbook <> 'no-action' AND deadline < :today)
                       AS passed
            FROM per
            WHERE (NOT :bounded OR day BETWEEN :from AND :to)
            GROUP BY payer_id, 3, category"""
                .formatted(
                        MetricsService.UNTRIAGED,
                        axis.formatted("day"),
                        TERMINAL,
                        BEFORE_SUBMISSION,
                        DenialStatus.sql(DenialStatus.RESOLVED_PAID, DenialStatus.RESOLVED_PARTIAL),
                        DenialStatus.sql(DenialStatus.UPHELD),
                        DenialStatus.sql(DenialStatus.AWAITING_REVIEW));
    }

    // ------------------------------------------------------------------ the dashboard's tables

    /**
     * Billable events by the month the money arrived: the payment date of the 835 that answered the
     * denial (BPR16, else the day its file arrived), never before the denial's own date; when no
     * answer is linked, the day the payment was recorded.
     */
    private static final String RECOVERY_BY_MONTH = recoveryByMonth(MONTH);

    static String recoveryByMonth(String axis) {
        return """
            WITH paid AS (
                SELECT b.recovered, b.fee,
                       CASE WHEN r.id IS NULL THEN (b.at AT TIME ZONE 'UTC')::date
                            -- greatest() skips a null denial date
                            ELSE greatest(coalesce(r.payment_date, (f.received_at AT TIME ZONE 'UTC')::date),
                                          d.payment_date) END AS day
                FROM billable_event b
                JOIN denial d ON d.id = b.denial_id
                LEFT JOIN claim_payment cp ON cp.id = d.answered_by
                LEFT JOIN remittance r ON r.id = cp.remittance_id
                LEFT JOIN x12_file f ON f.id = r.file_id)
            SELECT %s AS month, count(*) AS denials, sum(recovered) AS recovered, sum(fee) AS fees
            FROM paid
            WHERE (NOT :bounded OR day BETWEEN :from AND :to)
            GROUP BY 1 ORDER BY 1"""
                .formatted(axis.formatted("day"));
    }

    /** The open denials of {@code openDenials} by status and days since the denial, as of today. */
    private static final String OPEN_AGING =
            """
            SELECT status,
                   CASE WHEN age <= 30 THEN 0 WHEN age <= 60 THEN 1 WHEN age <= 90 THEN 2
                        WHEN age <= 120 THEN 3 ELSE 4 END AS bucket,
                   count(*) AS denials, coalesce(sum(amount), 0) AS dollars
            FROM (SELECT d.status, d.amount,
                         :today - coalesce(d.payment_date, (d.created_at AT TIME ZONE 'UTC')::date) AS age
                  FROM denial d
                  WHERE d.status NOT IN (%s) AND coalesce(d.playbook, '') <> 'no-action') o
            GROUP BY 1, 2"""
                    .formatted(TERMINAL);

    /**
     * Countable denials in the period by CARC and by RARC: count, dollars, and their appeals (as
     * the overturn rate counts them).
     */
    static final String CODES_PER =
            """
            WITH appeals AS (
                SELECT denial_id, min(coalesce(sent_at, created_at)) AS first_sent
                FROM submission WHERE kind = 'appeal' AND status = 'SENT' GROUP BY denial_id),
            per AS (
                SELECT d.carc, d.rarcs, d.amount,
                       coalesce(d.payment_date, (d.created_at AT TIME ZONE 'UTC')::date) AS day,
                       ap.first_sent IS NOT NULL AS appealed,
                       d.status IN (%2$s) AS paid,
                       ap.first_sent IS NOT NULL AND EXISTS (
                           SELECT 1 FROM denial_event e WHERE e.denial_id = d.id AND e.to_status = %3$s
                              AND e.actor LIKE 'payer:%%' AND e.at >= ap.first_sent) AS upheld
                FROM denial d
                LEFT JOIN appeals ap ON ap.denial_id = d.id
                WHERE %1$s
                  AND (NOT :bounded OR coalesce(d.payment_date, (d.created_at AT TIME ZONE 'UTC')::date)
                                       BETWEEN :from AND :to)),
            coded AS (
                SELECT 'CARC' AS kind, carc AS code, day, amount, appealed, paid, upheld FROM per
                UNION ALL
                SELECT 'RARC', r.code, day, amount, appealed, paid, upheld FROM per CROSS JOIN LATERAL unnest(rarcs) AS r(code))"""
                    .formatted(
                            COUNTABLE,
                            DenialStatus.sql(
                                    DenialStatus.RESOLVED_PAID, DenialStatus.RESOLVED_PARTIAL),
                            DenialStatus.sql(DenialStatus.UPHELD));

    private static final String CODES =
            CODES_PER
                    + """

            SELECT kind, code, count(*) AS denials, sum(amount) AS dollars,
                   count(*) FILTER (WHERE appealed) AS appealed,
                   count(*) FILTER (WHERE appealed AND paid) AS overturned,
                   count(*) FILTER (WHERE appealed AND (paid OR upheld)) AS decided
            FROM coded
            GROUP BY kind, code""";

    /** One month of recovery. */
    record Recovery(String month, long denials, BigDecimal recovered, BigDecimal fees) {}

    /** Open denials of one status in one aging bucket (0: 0–30 days … 4: over 120). */
    record Aging(String status, int bucket, long denials, BigDecimal dollars) {}

    /** Denials under one CARC or RARC. */
    record Code(
            String kind,
            String code,
            long denials,
            BigDecimal dollars,
            long appealed,
            long overturned,
            long decided) {}

    private final DatabaseClient db;
    private final TransactionalOperator readOnly;

    MetricsQueries(DatabaseClient db, ReactiveTransactionManager txm) {
        this.db = db;
        DefaultTransactionDefinition def = new DefaultTransactionDefinition();
        def.setReadOnly(true);
        this.readOnly = TransactionalOperator.create(txm, def);
    }

    @Override
    public Mono<List<Cell>> adjudications(Period p) {
        return cells(ADJUDICATIONS, p);
    }

    @Override
    public Mono<List<Cell>> adjudicationsByCategory(Period p) {
        return cells(ADJUDICATIONS_BY_CATEGORY, p);
    }

    @Override
    public Mono<List<Cell>> claims(Period p) {
        return cells(CLAIM_VERDICTS, p);
    }

    @Override
    public Mono<List<Cell>> payments(Period p) {
        return cells(PAYMENTS, p);
    }

    @Override
    public Mono<List<Cell>> denials(Period p, LocalDate today, int riskDays) {
        return planned(
                db.sql(DENIALS)
                        .bind("bounded", p.bounded())
                        .bind("from", p.fromOrStart())
                        .bind("to", p.toOrEnd())
                        .bind("today", today)
                        .bind("riskLimit", today.plusDays(riskDays))
                        .map(Cell::read)
                        .all()
                        .collectList());
    }

    /**
     * Open reviews (their denial still waits for the decision) whose denial's deadline is on or
     * before {@code limit}, past deadlines included.
     */
    Mono<Long> reviewsNearDeadline(LocalDate limit) {
        return db.sql(
                        "SELECT count(*) AS n FROM review r JOIN denial d ON d.id = r.denial_id"
                                + " WHERE r.status = 'OPEN' AND d.status = "
                                + org.reclaim.denial.DenialStatus.sql(
                                        org.reclaim.denial.DenialStatus.AWAITING_REVIEW)
                                + " AND d.deadline <= :limit")
                .bind("limit", limit)
                .map(r -> r.get("n", Long.class))
                .one();
    }

    @Override
    public Mono<List<Recovery>> recoveryByMonth(Period p) {
        return planned(
                bindPeriod(db.sql(RECOVERY_BY_MONTH), p)
                        .map(
                                r ->
                                        new Recovery(
                                                r.get("month", String.class),
                                                number(r.get("denials")).longValueExact(),
                                                number(r.get("recovered")),
                                                number(r.get("fees"))))
                        .all()
                        .collectList());
    }

    @Override
    public Mono<List<Aging>> openAging(LocalDate today) {
        return planned(
                db.sql(OPEN_AGING)
                        .bind("today", today)
                        .map(
                                r ->
                                        new Aging(
                                                r.get("status", String.class),
                                                number(r.get("bucket")).intValueExact(),
                                                number(r.get("denials")).longValueExact(),
                                                number(r.get("dollars"))))
                        .all()
                        .collectList());
    }

    @Override
    public Mono<List<Code>> codes(Period p) {
        return planned(
                bindPeriod(db.sql(CODES), p)
                        .map(
                                r ->
                                        new Code(
                                                r.get("kind", String.class),
                                                r.get("code", String.class),
                                                number(r.get("denials")).longValueExact(),
                                                number(r.get("dollars")),
                                                number(r.get("appealed")).longValueExact(),
                                                number(r.get("overturned")).longValueExact(),
                                                number(r.get("decided")).longValueExact()))
                        .all()
                        .collectList());
    }

    private static DatabaseClient.GenericExecuteSpec bindPeriod(
            DatabaseClient.GenericExecuteSpec spec, Period p) {
        return spec.bind("bounded", p.bounded())
                .bind("from", p.fromOrStart())
                .bind("to", p.toOrEnd());
    }

    static BigDecimal number(Object v) {
        return v == null
                ? BigDecimal.ZERO
                : v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
    }

    /** Claims outstanding and window charges (one query), and denials outstanding, at each date. */
    @Override
    public Mono<List<Cell>> receivables(List<LocalDate> dates, int windowDays) {
        String[] d = dates.stream().map(LocalDate::toString).toArray(String[]::new);
        Mono<List<Cell>> claims =
                planned(
                        db.sql(CLAIMS_OUTSTANDING)
                                .bind("dates", d)
                                .bind("window", windowDays)
                                .map(Cell::read)
                                .all()
                                .collectList());
        Mono<List<Cell>> denials =
                planned(
                        db.sql(DENIALS_OUTSTANDING)
                                .bind("dates", d)
                                .map(Cell::read)
                                .all()
                                .collectList());
        return Mono.zip(
                claims,
                denials,
                (a, b) -> {
                    List<Cell> all = new ArrayList<>(a);
                    all.addAll(b);
                    return all;
                });
    }

    private Mono<List<Cell>> cells(String sql, Period p) {
        return planned(
                db.sql(sql)
                        .bind("bounded", p.bounded())
                        .bind("from", p.fromOrStart())
                        .bind("to", p.toOrEnd())
                        .map(Cell::read)
                        .all()
                        .collectList());
    }

    /**
     * Runs a metrics query with nested loops off, in a read-only transaction of its own. The
     * row-level security policy hides every table's size from the planner (it estimates a handful
     * of rows), so it would join whole tables in nested loops: minutes at 50,000 claims instead of
     * a second or two with the hash joins these full scans need.
     */
    private <T> Mono<T> planned(Mono<T> query) {
        return readOnly.transactional(db.sql("SET LOCAL enable_nestloop = off").then().then(query));
    }
}
