package org.reclaim.metrics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The metrics' sums kept per practice, payer, day, category (and code or second date where a figure
 * needs one) in {@code metrics_rollup} (V36__metrics_rollups.sql), and the cells of {@link
 * MetricsSource} added up from them.
 *
 * <p>A practice's rows are the from-scratch queries of {@link MetricsQueries} run with the day as
 * their axis instead of the month, for that practice alone: the same sums, finer. Every write to a
 * table those queries read marks its practice in {@code metrics_change} (a trigger, same
 * transaction); {@link #fresh()} recomputes every marked practice the caller may see before the
 * cells are read, so the figures are those of the from-scratch queries, and a background loop
 * ({@link MetricsRollupJobs}) does it ahead of the requests. What depends on today (deadlines at
 * risk or past, aging) is kept by deadline or by day and decided when read.
 */
@Component
class MetricsRollups implements MetricsSource {

    /** One kind of rollup row: the query that computes it by day, its axes, and its sums. */
    record Kind(String name, String source, List<String> axes, List<String> sums) {

        Kind {
            if (sums.size() > 16) throw new IllegalArgumentException(name + ": over 16 sums");
        }

        /** The rollup column of a sum. */
        String column(int i) {
            return "n%02d".formatted(i + 1);
        }

        /** {@code sum(n01) AS claims, …} */
        String read() {
            StringJoiner j = new StringJoiner(", ");
            for (int i = 0; i < sums.size(); i++) j.add("sum(" + column(i) + ") AS " + sums.get(i));
            return j.toString();
        }

        /** The INSERT that recomputes this kind for the practice bound to {@code :practice}. */
        String insert() {
            StringJoiner target = new StringJoiner(", ");
            StringJoiner from = new StringJoiner(", ");
            for (String a : axes) {
                // "month" is the query's axis column: with the day axis it holds the day
                String[] st = a.split(">");
                from.add(st[0]);
                target.add(st.length > 1 ? st[1] : st[0]);
            }
            for (int i = 0; i < sums.size(); i++) {
                target.add(column(i));
                from.add("coalesce(" + sums.get(i) + ", 0)");
            }
            return "INSERT INTO metrics_rollup (practice_id, kind, "
                    + target
                    + ")\nSELECT CAST(:practice AS uuid), '"
                    + name
                    + "', "
                    + from
                    + "\nFROM ("
                    + source
                    + ") q";
        }
    }

    private static final String DAY = MetricsQueries.DAY;
    private static final String DENIAL_DAY =
            "coalesce(d.payment_date, (d.created_at AT TIME ZONE 'UTC')::date)";

    static final Kind ADJUDICATIONS =
            new Kind(
                    "adjudications",
                    MetricsQueries.adjudications(DAY),
                    List.of("payer_id", "payer_name", "month>day"),
                    List.of("claims", "charges", "denied_claims", "denied_dollars"));

    static final Kind ADJUDICATIONS_BY_CATEGORY =
            new Kind(
                    "adjudications_by_category",
                    MetricsQueries.ADJUDICATIONS_BY_CATEGORY_AND_DAY,
                    List.of("category", "month>day"),
                    List.of("denied_claims", "denied_dollars"));

    static final Kind CLAIMS =
            new Kind(
                    "claims",
                    MetricsQueries.claimVerdicts(DAY),
                    List.of("payer_id", "payer_name", "month>day"),
                    List.of(
                            "claims",
                            "without_ack",
                            "rejected",
                            "edited",
                            "clean",
                            "decided",
                            "first_pass"));

    static final Kind PAYMENTS =
            new Kind(
                    "payments",
                    MetricsQueries.payments(DAY),
                    List.of("payer_id", "payer_name", "month>day"),
                    List.of("claims_paid", "days"));

    /** Every denial figure but those that depend on today ({@link #RISK}). */
    static final Kind DENIALS =
            new Kind(
                    "denials",
                    MetricsQueries.denials(DAY),
                    List.of("payer_id", "payer_name", "month>day", "category"),
                    List.of(
                            "denials",
                            "worked",
                            "steps",
                            "tokens",
                            "decisions",
                            "decisions_without_time",
                            "seconds",
                            "appealed",
                            "overturned",
                            "appeals_decided",
                            "resolved",
                            "recovered",
                            "fees",
                            "awaiting_review",
                            "open"));

    /**
     * Open denials with nothing submitted yet for the current action, by deadline: at risk and
     * passed are decided against today when read.
     */
    static final Kind RISK =
            new Kind(
                    "risk",
                    """
                    SELECT d.payer_id, max(d.payer_name) AS payer_name, %s AS month,
                           coalesce(d.category, '%s') AS category, d.deadline, count(*) AS denials
                    FROM denial d
                    WHERE d.status IN (%s) AND coalesce(d.playbook, '') <> 'no-action' AND d.deadline IS NOT NULL
                    GROUP BY 1, 3, 4, 5"""
                            .formatted(
                                    DENIAL_DAY,
                                    MetricsService.UNTRIAGED,
                                    MetricsQueries.BEFORE_SUBMISSION),
                    List.of(
                            "payer_id",
                            "payer_name",
                            "month>day",
                            "category",
                            "deadline>other_day"),
                    List.of("denials"));

    static final Kind RECOVERY =
            new Kind(
                    "recovery",
                    MetricsQueries.recoveryByMonth(DAY),
                    List.of("month>day"),
                    List.of("denials", "recovered", "fees"));

    /** The open denials by status and day: aging is decided against today when read. */
    static final Kind AGING =
            new Kind(
                    "aging",
                    """
                    SELECT d.status, %s AS month, count(*) AS denials, sum(d.amount) AS dollars
                    FROM denial d
                    WHERE d.status NOT IN (%s) AND coalesce(d.playbook, '') <> 'no-action'
                    GROUP BY 1, 2"""
                            .formatted(DENIAL_DAY, MetricsQueries.TERMINAL),
                    List.of("status>code", "month>day"),
                    List.of("denials", "dollars"));

    static final Kind CODES =
            new Kind(
                    "codes",
                    MetricsQueries.CODES_PER
                            + """

                    SELECT kind AS category, code, day AS month, count(*) AS denials, sum(amount) AS dollars,
                           count(*) FILTER (WHERE appealed) AS appealed,
                           count(*) FILTER (WHERE appealed AND paid) AS overturned,
                           count(*) FILTER (WHERE appealed AND (paid OR upheld)) AS decided
                    FROM coded
                    GROUP BY kind, code, day""",
                    List.of("category", "code", "month>day"),
                    List.of("denials", "dollars", "appealed", "overturned", "decided"));

    /** Billed charges by payer, day billed and day adjudicated (null: not yet). */
    static final Kind BILLED =
            new Kind(
                    "billed",
                    MetricsQueries.BILLED
                            + """

                    SELECT payer_id, payer_name, day AS month, adjudicated_on, charge FROM billed""",
                    List.of("payer_id", "payer_name", "month>day", "adjudicated_on>other_day"),
                    List.of("charge"));

    /**
     * Countable denials by payer, day and the day they stopped being owed: the day resolved when
     * terminal (-infinity when terminal with no date: never outstanding), null when not terminal.
     */
    static final Kind DENIALS_OUTSTANDING =
            new Kind(
                    "denials_outstanding",
                    """
                    SELECT d.payer_id, max(d.payer_name) AS payer_name, %s AS month,
                           CASE WHEN d.status IN (%s)
                                THEN coalesce((d.resolved_at AT TIME ZONE 'UTC')::date, '-infinity'::date) END AS closed_on,
                           sum(d.amount) AS amount
                    FROM denial d
                    WHERE %s AND coalesce(d.playbook, '') <> 'no-action'
                    GROUP BY 1, 3, 4"""
                            .formatted(
                                    DENIAL_DAY, MetricsQueries.TERMINAL, MetricsQueries.COUNTABLE),
                    List.of("payer_id", "payer_name", "month>day", "closed_on>other_day"),
                    List.of("amount"));

    static final List<Kind> KINDS =
            List.of(
                    ADJUDICATIONS,
                    ADJUDICATIONS_BY_CATEGORY,
                    CLAIMS,
                    PAYMENTS,
                    DENIALS,
                    RISK,
                    RECOVERY,
                    AGING,
                    CODES,
                    BILLED,
                    DENIALS_OUTSTANDING);

    private static final String MONTH = MetricsQueries.MONTH.formatted("day");
    private static final String IN_PERIOD = "(NOT :bounded OR day BETWEEN :from AND :to)";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    MetricsRollups(DatabaseClient db, ReactiveTransactionManager txm) {
        this.db = db;
        this.tx = TransactionalOperator.create(txm);
    }

    // ------------------------------------------------------------------ keeping them

    /** Recomputes every practice the caller may see that a write marked stale, one at a time. */
    Mono<Void> fresh() {
        return db.sql("SELECT DISTINCT practice_id FROM metrics_change")
                .map(r -> r.get("practice_id", UUID.class))
                .all()
                .concatMap(p -> refresh(p, false))
                .then();
    }

    /** Every practice the caller may see, recomputed whether marked or not. */
    Mono<Void> rebuild() {
        return db.sql("SELECT id FROM practice")
                .map(r -> r.get("id", UUID.class))
                .all()
                .concatMap(p -> refresh(p, true))
                .then();
    }

    /**
     * Recomputes one practice's rows from scratch in one transaction: its marks are taken first, so
     * a write committed meanwhile leaves its mark for the next refresh. Refreshes of one practice
     * take turns (an advisory lock); one that finds the marks already taken by the one before it
     * does nothing, unless {@code force}.
     */
    Mono<Boolean> refresh(UUID practice, boolean force) {
        Mono<Boolean> work =
                db.sql("SELECT pg_advisory_xact_lock(hashtext('metrics_rollup'), hashtext(:p))")
                        .bind("p", practice.toString())
                        .then()
                        .then(
                                db.sql("SELECT set_config('reclaim.practices', :p, true)")
                                        .bind("p", practice.toString())
                                        .then())
                        .then(db.sql("SET LOCAL enable_nestloop = off").then())
                        .then(
                                db.sql("DELETE FROM metrics_change WHERE practice_id = :p")
                                        .bind("p", practice)
                                        .fetch()
                                        .rowsUpdated())
                        .flatMap(
                                marks -> {
                                    if (marks == 0 && !force) return Mono.just(false);
                                    Mono<Long> all =
                                            db.sql(
                                                            "DELETE FROM metrics_rollup WHERE practice_id = :p")
                                                    .bind("p", practice)
                                                    .fetch()
                                                    .rowsUpdated();
                                    for (Kind k : KINDS) all = all.then(insert(k, practice));
                                    return all.thenReturn(true);
                                });
        return tx.transactional(work);
    }

    private Mono<Long> insert(Kind k, UUID practice) {
        String sql = k.insert();
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql).bind("practice", practice);
        if (sql.contains(":bounded"))
            spec =
                    spec.bind("bounded", false)
                            .bind("from", Period.ALL.fromOrStart())
                            .bind("to", Period.ALL.toOrEnd());
        // the denials' today-bound sums are not kept (RISK is), so any date will do
        if (sql.contains(":today"))
            spec = spec.bind("today", LocalDate.EPOCH).bind("riskLimit", LocalDate.EPOCH);
        return spec.fetch().rowsUpdated();
    }

    // ------------------------------------------------------------------ reading them

    @Override
    public Mono<List<Cell>> adjudications(Period p) {
        return cells(
                ADJUDICATIONS,
                "payer_id, max(payer_name) AS payer_name, " + MONTH + " AS month",
                "payer_id, 3",
                p);
    }

    @Override
    public Mono<List<Cell>> adjudicationsByCategory(Period p) {
        return cells(ADJUDICATIONS_BY_CATEGORY, "category", "category", p);
    }

    @Override
    public Mono<List<Cell>> claims(Period p) {
        return cells(
                CLAIMS,
                "payer_id, max(payer_name) AS payer_name, " + MONTH + " AS month",
                "payer_id, 3",
                p);
    }

    @Override
    public Mono<List<Cell>> payments(Period p) {
        return cells(
                PAYMENTS,
                "payer_id, max(payer_name) AS payer_name, " + MONTH + " AS month",
                "payer_id, 3",
                p);
    }

    @Override
    public Mono<List<Cell>> denials(Period p, LocalDate today, int riskDays) {
        String axes = "payer_id, max(payer_name) AS payer_name, " + MONTH + " AS month, category";
        Mono<List<Cell>> kept = cells(DENIALS, axes, "payer_id, 3, category", p);
        Mono<List<Cell>> risk =
                read(
                                """
                        SELECT %s,
                               coalesce(sum(n01) FILTER (WHERE other_day <= :riskLimit), 0) AS at_risk,
                               coalesce(sum(n01) FILTER (WHERE other_day < :today), 0) AS passed
                        FROM metrics_rollup WHERE kind = '%s' AND %s
                        GROUP BY payer_id, 3, category"""
                                        .formatted(axes, RISK.name(), IN_PERIOD),
                                p)
                        .bind("today", today)
                        .bind("riskLimit", today.plusDays(riskDays))
                        .map(Cell::read)
                        .all()
                        .collectList();
        return Mono.zip(kept, risk, MetricsRollups::concat);
    }

    @Override
    public Mono<List<MetricsQueries.Recovery>> recoveryByMonth(Period p) {
        return read(
                        """
                        SELECT %s AS month, %s FROM metrics_rollup WHERE kind = '%s' AND %s
                        GROUP BY 1 ORDER BY 1"""
                                .formatted(MONTH, RECOVERY.read(), RECOVERY.name(), IN_PERIOD),
                        p)
                .map(
                        r ->
                                new MetricsQueries.Recovery(
                                        r.get("month", String.class),
                                        MetricsQueries.number(r.get("denials")).longValueExact(),
                                        MetricsQueries.number(r.get("recovered")),
                                        MetricsQueries.number(r.get("fees"))))
                .all()
                .collectList();
    }

    @Override
    public Mono<List<MetricsQueries.Aging>> openAging(LocalDate today) {
        return db.sql(
                        """
                        SELECT code AS status,
                               CASE WHEN age <= 30 THEN 0 WHEN age <= 60 THEN 1 WHEN age <= 90 THEN 2
                                    WHEN age <= 120 THEN 3 ELSE 4 END AS bucket,
                               sum(n01) AS denials, coalesce(sum(n02), 0) AS dollars
                        FROM (SELECT code, :today - day AS age, n01, n02 FROM metrics_rollup WHERE kind = '%s') o
                        GROUP BY 1, 2"""
                                .formatted(AGING.name()))
                .bind("today", today)
                .map(
                        r ->
                                new MetricsQueries.Aging(
                                        r.get("status", String.class),
                                        MetricsQueries.number(r.get("bucket")).intValueExact(),
                                        MetricsQueries.number(r.get("denials")).longValueExact(),
                                        MetricsQueries.number(r.get("dollars"))))
                .all()
                .collectList();
    }

    @Override
    public Mono<List<MetricsQueries.Code>> codes(Period p) {
        return read(
                        """
                        SELECT category AS kind, code, %s FROM metrics_rollup WHERE kind = '%s' AND %s
                        GROUP BY category, code"""
                                .formatted(CODES.read(), CODES.name(), IN_PERIOD),
                        p)
                .map(
                        r ->
                                new MetricsQueries.Code(
                                        r.get("kind", String.class),
                                        r.get("code", String.class),
                                        MetricsQueries.number(r.get("denials")).longValueExact(),
                                        MetricsQueries.number(r.get("dollars")),
                                        MetricsQueries.number(r.get("appealed")).longValueExact(),
                                        MetricsQueries.number(r.get("overturned")).longValueExact(),
                                        MetricsQueries.number(r.get("decided")).longValueExact()))
                .all()
                .collectList();
    }

    @Override
    public Mono<List<Cell>> receivables(List<LocalDate> dates, int windowDays) {
        String[] d = dates.stream().map(LocalDate::toString).toArray(String[]::new);
        Mono<List<Cell>> claims =
                db.sql(
                                """
                        WITH asof AS (SELECT DISTINCT unnest(CAST(:dates AS text[]))::date AS d)
                        SELECT to_char(a.d, 'YYYY-MM-DD') AS as_of, b.payer_id, max(b.payer_name) AS payer_name,
                               coalesce(sum(b.n01) FILTER (WHERE b.day <= a.d
                                                             AND (b.other_day IS NULL OR b.other_day > a.d)), 0)
                                   AS claims_outstanding,
                               coalesce(sum(b.n01) FILTER (WHERE b.day > a.d - :window AND b.day <= a.d), 0)
                                   AS window_charges
                        FROM asof a CROSS JOIN metrics_rollup b
                        WHERE b.kind = '%s'
                        GROUP BY a.d, b.payer_id"""
                                        .formatted(BILLED.name()))
                        .bind("dates", d)
                        .bind("window", windowDays)
                        .map(Cell::read)
                        .all()
                        .collectList();
        Mono<List<Cell>> denials =
                db.sql(
                                """
                        SELECT to_char(a.d, 'YYYY-MM-DD') AS as_of, b.payer_id, max(b.payer_name) AS payer_name,
                               sum(b.n01) AS denials_outstanding
                        FROM (SELECT DISTINCT unnest(CAST(:dates AS text[]))::date AS d) a
                        JOIN metrics_rollup b ON b.kind = '%s' AND b.day <= a.d
                        WHERE NOT (b.other_day IS NOT NULL AND b.other_day <= a.d)
                        GROUP BY a.d, b.payer_id"""
                                        .formatted(DENIALS_OUTSTANDING.name()))
                        .bind("dates", d)
                        .map(Cell::read)
                        .all()
                        .collectList();
        return Mono.zip(claims, denials, MetricsRollups::concat);
    }

    private Mono<List<Cell>> cells(Kind k, String axes, String groupBy, Period p) {
        return read(
                        "SELECT %s, %s FROM metrics_rollup WHERE kind = '%s' AND %s GROUP BY %s"
                                .formatted(axes, k.read(), k.name(), IN_PERIOD, groupBy),
                        p)
                .map(Cell::read)
                .all()
                .collectList();
    }

    private DatabaseClient.GenericExecuteSpec read(String sql, Period p) {
        return db.sql(sql)
                .bind("bounded", p.bounded())
                .bind("from", p.fromOrStart())
                .bind("to", p.toOrEnd());
    }

    private static List<Cell> concat(List<Cell> a, List<Cell> b) {
        List<Cell> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
