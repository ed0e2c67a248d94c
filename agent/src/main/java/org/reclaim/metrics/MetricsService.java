package org.reclaim.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.reclaim.metrics.Cell.Sums;
import org.reclaim.metrics.MetricsReport.Agent;
import org.reclaim.metrics.MetricsReport.Appeals;
import org.reclaim.metrics.MetricsReport.Claims;
import org.reclaim.metrics.MetricsReport.Cost;
import org.reclaim.metrics.MetricsReport.DaysInAr;
import org.reclaim.metrics.MetricsReport.DenialRate;
import org.reclaim.metrics.MetricsReport.MetricSet;
import org.reclaim.metrics.MetricsReport.Rate;
import org.reclaim.metrics.MetricsReport.Row;
import org.reclaim.rules.Category;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The metrics of docs/denial.md ("Metrics"), computed from what is stored — claims,
 * acknowledgments, remittances, denials, the agent's steps, submissions and billing, the operators'
 * recorded time — never from counters kept on the side. The definitions and assumptions are in the
 * README ("Metrics") and in every report's {@code assumptions}.
 */
@Service
public class MetricsService {

    static final String UNDATED = "undated";
    static final String UNTRIAGED = "UNTRIAGED";
    static final String UNKNOWN_PAYER = "UNKNOWN";

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal HOUR = BigDecimal.valueOf(3600);

    private final MetricsQueries queries;
    private final MetricsRollups rollups;
    private final MetricsProperties props;
    private final ReviewAlertProperties reviews;
    private final Clock clock;

    MetricsService(
            MetricsQueries queries,
            MetricsRollups rollups,
            MetricsProperties props,
            ReviewAlertProperties reviews,
            Clock clock) {
        this.queries = queries;
        this.rollups = rollups;
        this.props = props;
        this.reviews = reviews;
        this.clock = clock;
    }

    /** The days of {@code reclaim.reviews.deadline-alert-days}. */
    public int reviewAlertDays() {
        return reviews.deadlineAlertDays();
    }

    /**
     * Open reviews whose deadline is within {@code reclaim.reviews.deadline-alert-days} (or past).
     */
    public Mono<Long> reviewsNearDeadline() {
        return queries.reviewsNearDeadline(
                LocalDate.now(clock).plusDays(reviews.deadlineAlertDays()));
    }

    /** The figures behind the Prometheus gauges: all data, no breakdowns. */
    public record Headline(
            long openDenials,
            long awaitingReview,
            long deadlinesAtRisk,
            BigDecimal denialRate,
            BigDecimal recovered) {}

    public Mono<Headline> headline() {
        LocalDate today = LocalDate.now(clock);
        return rollups.fresh()
                .then(
                        Mono.zip(
                                rollups.adjudications(Period.ALL),
                                rollups.denials(Period.ALL, today, props.deadlineRiskDays())))
                .map(
                        t -> {
                            Sums adj = Sums.total(t.getT1());
                            Sums den = Sums.total(t.getT2());
                            return new Headline(
                                    den.count("open"),
                                    den.count("awaiting_review"),
                                    den.count("at_risk"),
                                    ratio(adj.get("denied_claims"), adj.get("claims")),
                                    den.get("recovered"));
                        });
    }

    /**
     * The report added up from the rollups, after any practice the caller may see that is stale has
     * been recomputed: the figures of {@link #referenceReport}.
     */
    public Mono<MetricsReport> report(Period period) {
        return rollups.fresh().then(report(rollups, period));
    }

    /**
     * The report computed from scratch from the stored records: the reference the rollups are
     * checked against (tests, the drift check).
     */
    public Mono<MetricsReport> referenceReport(Period period) {
        return report(queries, period);
    }

    private Mono<MetricsReport> report(MetricsSource source, Period period) {
        LocalDate today = LocalDate.now(clock);
        LocalDate asOf = period.to() != null && period.to().isBefore(today) ? period.to() : today;
        return Mono.zip(
                        source.adjudications(period),
                        source.adjudicationsByCategory(period),
                        source.claims(period),
                        source.payments(period),
                        source.denials(period, today, props.deadlineRiskDays()),
                        source.recoveryByMonth(period),
                        source.openAging(today),
                        source.codes(period))
                .flatMap(
                        t -> {
                            Inputs in =
                                    new Inputs(
                                            t.getT1(), t.getT2(), t.getT3(), t.getT4(), t.getT5(),
                                            t.getT6(), t.getT7(), t.getT8());
                            TreeSet<String> months = new TreeSet<>();
                            for (List<Cell> cells :
                                    List.of(in.adj, in.claims, in.payments, in.denials)) {
                                for (Cell c : cells)
                                    if (!UNDATED.equals(c.month())) months.add(c.month());
                            }
                            Map<String, LocalDate> monthEnds = new LinkedHashMap<>();
                            for (String m : months) {
                                YearMonth ym = YearMonth.parse(m);
                                monthEnds.put(
                                        m,
                                        ym.atDay(1).isAfter(asOf)
                                                        || ym.atEndOfMonth().isBefore(asOf)
                                                ? ym.atEndOfMonth()
                                                : asOf);
                            }
                            List<LocalDate> dates = new ArrayList<>(monthEnds.values());
                            dates.add(asOf);
                            return source.receivables(dates, props.arWindowDays())
                                    .map(ar -> assemble(period, asOf, in, ar, monthEnds));
                        });
    }

    private record Inputs(
            List<Cell> adj,
            List<Cell> adjByCategory,
            List<Cell> claims,
            List<Cell> payments,
            List<Cell> denials,
            List<MetricsQueries.Recovery> recovery,
            List<MetricsQueries.Aging> aging,
            List<MetricsQueries.Code> codes) {}

    private MetricsReport assemble(
            Period period,
            LocalDate asOf,
            Inputs in,
            List<Cell> ar,
            Map<String, LocalDate> monthEnds) {
        String asOfKey = asOf.toString();
        List<Cell> arNow = ar.stream().filter(c -> asOfKey.equals(c.asOf())).toList();
        Sums adjTotal = Sums.total(in.adj);
        MetricSet overall =
                set(
                        adjTotal,
                        Sums.total(in.claims),
                        Sums.total(in.payments),
                        Sums.total(in.denials),
                        Sums.total(arNow),
                        asOf);

        // by payer
        Map<String, String> payerNames = new TreeMap<>();
        for (List<Cell> cells : List.of(in.adj, in.claims, in.payments, in.denials, arNow)) {
            for (Cell c : cells) {
                String key = payerKey(c);
                if (c.payerName() != null && !c.payerName().isBlank())
                    payerNames.putIfAbsent(key, c.payerName());
                else payerNames.putIfAbsent(key, null);
            }
        }
        Map<String, Sums> adjP = by(in.adj, MetricsService::payerKey);
        Map<String, Sums> claimsP = by(in.claims, MetricsService::payerKey);
        Map<String, Sums> payP = by(in.payments, MetricsService::payerKey);
        Map<String, Sums> denP = by(in.denials, MetricsService::payerKey);
        Map<String, Sums> arP = by(arNow, MetricsService::payerKey);
        List<Row> byPayer = new ArrayList<>();
        payerNames.forEach(
                (key, name) ->
                        byPayer.add(
                                new Row(
                                        key,
                                        name != null
                                                ? name
                                                : UNKNOWN_PAYER.equals(key) ? "unknown payer" : key,
                                        set(
                                                get(adjP, key),
                                                get(claimsP, key),
                                                get(payP, key),
                                                get(denP, key),
                                                get(arP, key),
                                                asOf))));

        // by category: claims carry none, so each category's denial rate is over every adjudicated
        // claim
        Map<String, Sums> adjC = by(in.adjByCategory, Cell::category);
        Map<String, Sums> denC = by(in.denials, Cell::category);
        TreeSet<String> categories =
                new TreeSet<>(
                        Comparator.comparingInt(MetricsService::categoryOrder)
                                .thenComparing(Function.identity()));
        categories.addAll(adjC.keySet());
        categories.addAll(denC.keySet());
        List<Row> byCategory = new ArrayList<>();
        for (String c : categories) {
            Sums adj =
                    new Sums()
                            .add("claims", adjTotal.get("claims"))
                            .add("charges", adjTotal.get("charges"))
                            .add("denied_claims", get(adjC, c).get("denied_claims"))
                            .add("denied_dollars", get(adjC, c).get("denied_dollars"));
            byCategory.add(
                    new Row(c, categoryName(c), set(adj, null, null, get(denC, c), null, asOf)));
        }

        // by month: days in AR as of each month's last day (or the as-of date within its month)
        Map<String, Sums> adjM = by(in.adj, Cell::month);
        Map<String, Sums> claimsM = by(in.claims, Cell::month);
        Map<String, Sums> payM = by(in.payments, Cell::month);
        Map<String, Sums> denM = by(in.denials, Cell::month);
        Map<String, Sums> arM = by(ar, Cell::asOf);
        TreeSet<String> months = new TreeSet<>(monthEnds.keySet());
        for (Map<String, Sums> m : List.of(adjM, claimsM, payM, denM)) months.addAll(m.keySet());
        List<Row> byMonth = new ArrayList<>();
        for (String m : months) {
            LocalDate end = monthEnds.get(m);
            byMonth.add(
                    new Row(
                            m,
                            m,
                            set(
                                    get(adjM, m),
                                    get(claimsM, m),
                                    get(payM, m),
                                    get(denM, m),
                                    end == null ? null : get(arM, end.toString()),
                                    end)));
        }

        return new MetricsReport(
                asOf,
                period.from(),
                period.to(),
                new MetricsReport.Settings(
                        props.costPerStep(),
                        props.tokenPricePerThousand(),
                        props.operatorHourlyRate(),
                        props.deadlineRiskDays(),
                        props.arWindowDays()),
                headline(overall),
                overall,
                byPayer,
                byCategory,
                byMonth,
                recoveryByMonth(in.recovery),
                aging(in.aging),
                openByStatus(in.aging),
                codes(in.codes, "CARC"),
                codes(in.codes, "RARC"),
                assumptions(overall));
    }

    /**
     * One slice's metrics; {@code claims}, {@code payments} and {@code ar} null where claims do not
     * apply.
     */
    private MetricSet set(Sums adj, Sums claims, Sums payments, Sums den, Sums ar, LocalDate asOf) {
        DenialRate denialRate =
                new DenialRate(
                        percent(adj.get("denied_claims"), adj.get("claims")),
                        percent(money(adj.get("denied_dollars")), money(adj.get("charges"))));
        Rate clean = null;
        Rate unacknowledged = null;
        Rate acknowledgedClean = null;
        Rate firstPass = null;
        Claims claimCounts = null;
        if (claims != null) {
            clean = percent(claims.get("clean"), claims.get("claims"));
            // a claim with no answer is counted clean (it has no rejection and no edit), so
            // clean - without_ack are the acknowledged clean claims
            unacknowledged = percent(claims.get("without_ack"), claims.get("claims"));
            acknowledgedClean =
                    percent(
                            claims.get("clean").subtract(claims.get("without_ack")),
                            claims.get("claims").subtract(claims.get("without_ack")));
            firstPass = percent(claims.get("first_pass"), claims.get("decided"));
            claimCounts =
                    new Claims(
                            claims.count("claims"),
                            claims.count("rejected"),
                            claims.count("edited"),
                            claims.count("without_ack"),
                            claims.count("claims") - claims.count("decided"));
        }
        DaysInAr daysInAr = ar == null ? null : daysInAr(ar, asOf);
        Rate daysToPayment =
                payments == null ? null : days(payments.get("days"), payments.get("claims_paid"));
        Rate overturn = percent(den.get("overturned"), den.get("appeals_decided"));
        Appeals appeals =
                new Appeals(
                        den.count("appealed"),
                        den.count("appeals_decided"),
                        den.count("overturned"),
                        den.count("appealed") - den.count("appeals_decided"));
        Agent agent =
                new Agent(
                        den.count("denials"),
                        den.count("worked"),
                        den.count("resolved"),
                        money(den.get("recovered")),
                        money(den.get("fees")),
                        den.count("awaiting_review"),
                        den.count("open"),
                        den.count("at_risk"),
                        den.count("passed"));
        return new MetricSet(
                denialRate,
                clean,
                unacknowledged,
                acknowledgedClean,
                firstPass,
                claimCounts,
                overturn,
                appeals,
                daysInAr,
                daysToPayment,
                cost(den),
                agent);
    }

    private DaysInAr daysInAr(Sums ar, LocalDate asOf) {
        BigDecimal claims = money(ar.get("claims_outstanding"));
        BigDecimal denials = money(ar.get("denials_outstanding"));
        BigDecimal outstanding = claims.add(denials);
        BigDecimal charges = money(ar.get("window_charges"));
        BigDecimal window = BigDecimal.valueOf(props.arWindowDays());
        // AR × window ÷ charges, not AR ÷ (charges ÷ window): no rounding before the last step
        BigDecimal value =
                charges.signum() == 0
                        ? null
                        : outstanding.multiply(window).divide(charges, 1, RoundingMode.HALF_UP);
        return new DaysInAr(
                asOf,
                value,
                Formats.days(value),
                outstanding,
                claims,
                denials,
                charges,
                props.arWindowDays(),
                charges.divide(window, 2, RoundingMode.HALF_UP));
    }

    private Cost cost(Sums den) {
        long steps = den.count("steps");
        long tokens = den.count("tokens");
        long seconds = den.count("seconds");
        long worked = den.count("worked");
        BigDecimal compute = props.costPerStep().multiply(BigDecimal.valueOf(steps));
        BigDecimal tokenCost =
                props.tokenPricePerThousand()
                        .multiply(BigDecimal.valueOf(tokens))
                        .divide(THOUSAND, 6, RoundingMode.HALF_UP);
        BigDecimal operator =
                props.operatorHourlyRate()
                        .multiply(BigDecimal.valueOf(seconds))
                        .divide(HOUR, 6, RoundingMode.HALF_UP);
        // money in cents; the total is divided before it is rounded
        BigDecimal exact = compute.add(tokenCost).add(operator);
        BigDecimal per =
                worked == 0
                        ? null
                        : exact.divide(BigDecimal.valueOf(worked), 2, RoundingMode.HALF_UP);
        return new Cost(
                per,
                Formats.money(per),
                money(exact),
                worked,
                money(compute),
                money(tokenCost),
                money(operator),
                steps,
                tokens,
                seconds,
                den.count("decisions"),
                den.count("decisions_without_time"));
    }

    /**
     * The headline figures exactly as the dashboard shows them (element ids {@code metric-<key>}).
     */
    private static Map<String, String> headline(MetricSet m) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("denialRate", m.denialRate().count().formatted());
        h.put("denialRateDollars", m.denialRate().dollars().formatted());
        h.put("cleanClaimRate", m.cleanClaimRate().formatted());
        h.put("firstPassYield", m.firstPassYield().formatted());
        h.put("overturnRate", m.overturnRate().formatted());
        h.put("daysInAr", m.daysInAr().formatted());
        h.put("daysToPayment", m.daysToPayment().formatted());
        h.put("costToRework", m.costToRework().formatted());
        h.put("denialsWorked", Formats.count(m.agent().denialsWorked()));
        h.put("resolved", Formats.count(m.agent().resolved()));
        h.put("recovered", Formats.money(m.agent().recovered()));
        h.put("awaitingReview", Formats.count(m.agent().awaitingReview()));
        h.put("deadlinesAtRisk", Formats.count(m.agent().deadlinesAtRisk()));
        h.put("openDenials", Formats.count(m.agent().openDenials()));
        return h;
    }

    private List<String> assumptions(MetricSet m) {
        List<String> a = new ArrayList<>();
        a.add(
                "Month axis: 835 figures by payment date (BPR16, else the day the file arrived); 837 figures by the "
                        + "claim's first submission date; denial and agent figures by the denial's payment date. Days in AR "
                        + "by month is as of each month's last day (or "
                        + m.daysInAr().asOf()
                        + ").");
        a.add(
                "Denial rate: each claim's first adjudication by each payer, the first 835 claim to arrive for its "
                        + "patient control number (CLP02 1, 2, 3, 4, 19, 20 or 21; "
                        + "reversals, forwarded claims and predeterminations are not adjudications). Denied = it carries a "
                        + "denial (docs/contracts.md §1: workable adjustments only, so PR and contractual-only adjustments are not "
                        + "denials), other than an exact duplicate (CARC 18) or one triaged as contractual, prior payer or "
                        + "patient responsibility; a claim denied only as a duplicate is left out of both sides. Dollars: "
                        + "denied amounts ÷ billed charges (CLP03).");
        a.add(
                "Claims: a claim is the first submission of a patient control number to a payer in an 837 on file; "
                        + "later submissions of it are resubmissions, and one first seen as a replacement or void (frequency "
                        + "7/8) is not counted. A 999/997 answer belongs to the latest 837 transaction on file with its ST02 "
                        + "received before it, a 277CA answer to the claim with its patient control number; only answers "
                        + "received before the claim's first 835 and before it was submitted again count.");
        a.add(
                "Clean claim rate: accepted with no rejection (999/997 R, M, W, X; 277CA A3, A6, A7, A8) and no "
                        + "edit (999 E). "
                        + m.claims().withoutAcknowledgment()
                        + " claim(s) have no 999/997/277CA on file: "
                        + "they are assumed accepted without edits and counted clean ("
                        + m.unacknowledgedShare().formatted()
                        + " of claims; over acknowledged claims only the rate is "
                        + m.acknowledgedCleanRate().formatted()
                        + ").");
        a.add(
                "First-pass yield: paid (CLP04 > 0) with no denial by the first 835 to answer the claim, which "
                        + "answered its first submission, itself not rejected. "
                        + m.claims().awaitingAdjudication()
                        + " claim(s) with "
                        + "neither an 835 nor a rejection on file yet are left out of the denominator.");
        a.add(
                "Overturn rate: denials the agent sent an appeal for (corrected claims and reopenings are not "
                        + "appeals); overturned = paid in whole or in part since; decided = overturned, or upheld by the "
                        + "payer after the appeal. "
                        + m.appeals().pending()
                        + " appeal(s) not answered yet are left out.");
        a.add(
                "Days in AR: (billed charges of claims not adjudicated yet + amounts of denials not resolved, written "
                        + "off or closed yet) × "
                        + props.arWindowDays()
                        + " ÷ charges billed in the "
                        + props.arWindowDays()
                        + " days before the date (837s on file). Patient responsibility and contractual adjustments are not "
                        + "owed by the payer and are left out. Null when nothing was billed in the window. Days to payment: "
                        + "from the first submission to the payment date of the first 835 to arrive that paid anything.");
        a.add(
                "Cost to rework per worked denial (the agent ran a step on it or an operator decided on it): steps × "
                        + props.costPerStep()
                        + " + model tokens ÷ 1000 × "
                        + props.tokenPricePerThousand()
                        + " + operator seconds ÷ 3600 × "
                        + props.operatorHourlyRate()
                        + " (reclaim.metrics.*). "
                        + m.costToRework().operatorDecisionsWithoutTime()
                        + " operator decision(s) carry no reported time: "
                        + "counted as 0 seconds, so the operator part is a lower bound.");
        a.add(
                "Agent: resolved = paid in whole or in part after the agent submitted something (one billable event "
                        + "each), recovered = what those payments recovered; open = not resolved, written off, routed, "
                        + "rebilled or closed (adjustments triaged as not denials excluded); deadlines at risk = open, nothing "
                        + "submitted yet for the current action, deadline within "
                        + props.deadlineRiskDays()
                        + " days or past ("
                        + m.agent().deadlinesPassed()
                        + " past).");
        a.add(
                "Recovery by month: what the agent's resolved denials recovered (their billable events) in the month "
                        + "the money arrived: the payment date of the 835 that paid the denial (BPR16, else the day its "
                        + "file arrived, never before the denial's own date), else the day the payment was recorded. "
                        + "AR aging: the open denials (as counted in open denials) by days since the denial's payment "
                        + "date, as of today. Top CARC/RARC: countable denials in the period by code; a denial with two "
                        + "RARCs counts under both; overturn rate as above. Money is rounded to cents.");
        a.add(
                "Payers are keyed by the id the 837 (NM1*PR) or 835 (N1*PR) gives; a payer named differently in the "
                        + "two shows as two rows. Categories: "
                        + UNTRIAGED
                        + " until triaged; claim-level metrics are null "
                        + "by category.");
        return a;
    }

    // ------------------------------------------------------------------ the dashboard's tables

    static final List<String> AGING_BUCKETS =
            List.of("0–30 days", "31–60 days", "61–90 days", "91–120 days", "over 120 days");

    private static List<MetricsReport.MonthRecovery> recoveryByMonth(
            List<MetricsQueries.Recovery> rows) {
        return rows.stream()
                .map(
                        r ->
                                new MetricsReport.MonthRecovery(
                                        r.month(),
                                        r.denials(),
                                        money(r.recovered()),
                                        Formats.money(r.recovered()),
                                        money(r.fees())))
                .toList();
    }

    private static List<MetricsReport.AgingBucket> aging(List<MetricsQueries.Aging> rows) {
        List<MetricsReport.AgingBucket> out = new ArrayList<>();
        for (int b = 0; b < AGING_BUCKETS.size(); b++) {
            long n = 0;
            BigDecimal dollars = BigDecimal.ZERO;
            for (MetricsQueries.Aging a : rows) {
                if (a.bucket() != b) continue;
                n += a.denials();
                dollars = dollars.add(a.dollars());
            }
            out.add(
                    new MetricsReport.AgingBucket(
                            AGING_BUCKETS.get(b),
                            b == 0 ? 0 : b * 30 + 1,
                            b == AGING_BUCKETS.size() - 1 ? null : (b + 1) * 30,
                            n,
                            money(dollars),
                            Formats.money(dollars)));
        }
        return out;
    }

    private static Map<String, Long> openByStatus(List<MetricsQueries.Aging> rows) {
        Map<String, Long> m = new TreeMap<>();
        for (MetricsQueries.Aging a : rows) m.merge(a.status(), a.denials(), Long::sum);
        return m;
    }

    /** The ten codes of a kind with the most denials (then dollars, then code). */
    static final int TOP_CODES = 10;

    private static List<MetricsReport.CodeRow> codes(List<MetricsQueries.Code> rows, String kind) {
        return rows.stream()
                .filter(c -> kind.equals(c.kind()))
                .sorted(
                        Comparator.comparingLong(MetricsQueries.Code::denials)
                                .reversed()
                                .thenComparing(
                                        MetricsQueries.Code::dollars, Comparator.reverseOrder())
                                .thenComparing(MetricsQueries.Code::code))
                .limit(TOP_CODES)
                .map(
                        c ->
                                new MetricsReport.CodeRow(
                                        c.code(),
                                        c.denials(),
                                        money(c.dollars()),
                                        Formats.money(c.dollars()),
                                        new Appeals(
                                                c.appealed(),
                                                c.decided(),
                                                c.overturned(),
                                                c.appealed() - c.decided()),
                                        percent(
                                                BigDecimal.valueOf(c.overturned()),
                                                BigDecimal.valueOf(c.decided()))))
                .toList();
    }

    // ------------------------------------------------------------------ helpers

    private static String payerKey(Cell c) {
        return c.payerId() == null || c.payerId().isBlank() ? UNKNOWN_PAYER : c.payerId();
    }

    private static Map<String, Sums> by(List<Cell> cells, Function<Cell, String> key) {
        Map<String, Sums> m = new TreeMap<>();
        for (Cell c : cells) m.computeIfAbsent(key.apply(c), k -> new Sums()).add(c.sums());
        return m;
    }

    private static Sums get(Map<String, Sums> m, String key) {
        return m.getOrDefault(key, Sums.NONE);
    }

    private static int categoryOrder(String c) {
        try {
            return Category.valueOf(c).ordinal();
        } catch (IllegalArgumentException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static String categoryName(String c) {
        String s = c.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static BigDecimal money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }

    static BigDecimal ratio(BigDecimal numerator, BigDecimal denominator) {
        return denominator.signum() == 0
                ? null
                : numerator.divide(denominator, 4, RoundingMode.HALF_UP);
    }

    private static Rate percent(BigDecimal numerator, BigDecimal denominator) {
        BigDecimal v = ratio(numerator, denominator);
        return new Rate(numerator, denominator, v, Formats.percent(v));
    }

    private static Rate days(BigDecimal totalDays, BigDecimal claims) {
        BigDecimal v =
                claims.signum() == 0 ? null : totalDays.divide(claims, 1, RoundingMode.HALF_UP);
        return new Rate(totalDays, claims, v, Formats.days(v));
    }
}
