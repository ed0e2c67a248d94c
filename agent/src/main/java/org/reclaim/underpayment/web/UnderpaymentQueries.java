package org.reclaim.underpayment.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.core.Page;
import org.reclaim.rules.FeeSchedule;
import org.reclaim.tenancy.PracticeScope;
import org.reclaim.triage.Triage;
import org.reclaim.triage.TriageService;
import org.reclaim.underpayment.Pricing;
import org.reclaim.underpayment.UnderpaymentFacts;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Finds underpaid lines: the paid lines of the {@code paid_line} view (V11__underpayments.sql)
 * priced by the fee schedule in force ({@link Pricing}). The list reads the stored judgement of
 * {@code underpayment_fact} (V34) when every stored line was judged by the configuration in force
 * ({@link UnderpaymentFacts}): a page in payment-date order off an index, and counts over the
 * judged rows only. Until then (a reloaded fee schedule is being applied) it prices every line
 * live, as a reloaded schedule must judge every stored line again at once. One line is always
 * priced live.
 */
@Component
class UnderpaymentQueries {

    private static final String ROWS =
            """
            SELECT p.*, p.expected - p.allowed AS underpaid FROM priced p
            WHERE p.expected - p.allowed > :tolerance
            ORDER BY p.payment_date DESC NULLS LAST, p.claim_payment_id, p.line_index""";

    private final DatabaseClient db;
    private final TriageService triage;
    private final UnderpaymentFacts facts;
    private final BigDecimal tolerance;

    UnderpaymentQueries(DatabaseClient db, TriageService triage, UnderpaymentFacts facts) {
        this.db = db;
        this.triage = triage;
        this.facts = facts;
        this.tolerance = facts.tolerance();
    }

    /**
     * Filters of {@code GET /api/v1/underpayments}; any may be null. {@code from}/{@code to}:
     * payment date.
     */
    record Filter(
            UUID practiceId,
            String payer,
            String procedure,
            LocalDate from,
            LocalDate to,
            LocalDate dosFrom,
            LocalDate dosTo) {}

    /**
     * A page of underpayments with what the page alone cannot tell.
     *
     * @param underpaidTotal the sum of {@code underpaid} over every underpayment of the filter, not
     *     only this page
     * @param linesWithoutRate paid lines of the filter that no rate prices: whether they were
     *     underpaid is unknown
     * @param tolerance a line is underpaid when short by more than this
     */
    record Listed(
            @JsonUnwrapped Page<UnderpaymentView> page,
            BigDecimal underpaidTotal,
            long linesWithoutRate,
            BigDecimal tolerance) {}

    private record Counts(long underpaid, BigDecimal underpaidTotal, long withoutRate) {}

    Mono<Listed> list(Filter f, Page.Request page) {
        Triage t = triage.current();
        String digest = facts.digest(t);
        return facts.judgedBy(digest)
                .flatMap(
                        judged -> {
                            if (judged) return judged(digest, f, page);
                            facts.judgeAllSoon();
                            return live(t, f, page);
                        });
    }

    /**
     * The list from {@code underpayment_fact}: the page's rows found in the list's order off its
     * index, then only those joined to their lines; the counts over the judged rows of the filter.
     */
    private Mono<Listed> judged(String digest, Filter f, Page.Request page) {
        Triage t = triage.current();
        return PracticeScope.current()
                .flatMap(
                        scope -> {
                            Map<String, Object> binds = new LinkedHashMap<>();
                            binds.put("digest", digest);
                            String where =
                                    "f.judged_by = :digest AND "
                                            + scope.sql("f.practice_id")
                                            + where(f, binds, "f.", "f.payer");
                            Mono<List<UnderpaymentView>> rows =
                                    bound(
                                                    scope,
                                                    """
                    WITH page AS (
                        SELECT f.claim_payment_id, f.line_index, f.ordinal, f.expected, f.underpaid
                        FROM underpayment_fact f WHERE f.underpaid IS NOT NULL AND\s"""
                                                            + where
                                                            + """

                        ORDER BY f.payment_date DESC NULLS LAST, f.claim_payment_id, f.line_index
                        LIMIT :limit OFFSET :offset)
                    SELECT pl.*, page.ordinal::bigint AS ordinal, page.expected, page.underpaid
                    FROM page JOIN paid_line pl
                      ON pl.claim_payment_id = page.claim_payment_id AND pl.line_index = page.line_index
                    ORDER BY pl.payment_date DESC NULLS LAST, pl.claim_payment_id, pl.line_index""",
                                                    binds)
                                            .bind("limit", page.size())
                                            .bind("offset", page.offset())
                                            .map(r -> view(r, t))
                                            .all()
                                            .collectList();
                            Mono<Counts> counts =
                                    bound(
                                                    scope,
                                                    "SELECT count(*) FILTER (WHERE f.underpaid IS NOT"
                                                            + " NULL) AS n, coalesce(sum(f.underpaid),"
                                                            + " 0) AS total, count(*) FILTER (WHERE"
                                                            + " f.ordinal IS NULL) AS unknown FROM"
                                                            + " underpayment_fact f WHERE "
                                                            + where,
                                                    binds)
                                            .map(
                                                    r ->
                                                            new Counts(
                                                                    r.get("n", Long.class),
                                                                    money(r, "total"),
                                                                    r.get("unknown", Long.class)))
                                            .one();
                            return listed(rows, counts, page);
                        });
    }

    /** The list priced live: every visible paid line of the filter, by the schedule in force. */
    private Mono<Listed> live(Triage t, Filter f, Page.Request page) {
        return PracticeScope.current()
                .flatMap(
                        scope -> {
                            Map<String, Object> binds = new LinkedHashMap<>();
                            String with =
                                    Pricing.with(
                                            t,
                                            tolerance,
                                            scope,
                                            where(f, binds, "pl.", "coalesce(k1.payer, k2.payer)"),
                                            binds);
                            Mono<List<UnderpaymentView>> rows =
                                    bound(
                                                    scope,
                                                    with + ROWS + " LIMIT :limit OFFSET :offset",
                                                    binds)
                                            .bind("limit", page.size())
                                            .bind("offset", page.offset())
                                            .map(r -> view(r, t))
                                            .all()
                                            .collectList();
                            Mono<Counts> counts =
                                    bound(
                                                    scope,
                                                    with
                                                            + """
                    SELECT (SELECT count(*) FROM priced p WHERE p.expected - p.allowed > :tolerance) AS n,
                           (SELECT coalesce(sum(p.expected - p.allowed), 0) FROM priced p
                            WHERE p.expected - p.allowed > :tolerance) AS total,
                           (SELECT count(*) FROM line l WHERE NOT EXISTS (SELECT 1 FROM rate rt WHERE"""
                                                            + " "
                                                            + Pricing.MATCH
                                                            + ")) AS unknown",
                                                    binds)
                                            .map(
                                                    r ->
                                                            new Counts(
                                                                    r.get("n", Long.class),
                                                                    money(r, "total"),
                                                                    r.get("unknown", Long.class)))
                                            .one();
                            return listed(rows, counts, page);
                        });
    }

    private Mono<Listed> listed(
            Mono<List<UnderpaymentView>> rows, Mono<Counts> counts, Page.Request page) {
        return Mono.zip(rows, counts)
                .map(
                        z ->
                                new Listed(
                                        new Page<>(
                                                z.getT1(),
                                                page.page(),
                                                page.size(),
                                                z.getT2().underpaid()),
                                        z.getT2().underpaidTotal(),
                                        z.getT2().withoutRate(),
                                        tolerance));
    }

    /**
     * The underpayment of one line the caller may see; empty when the line is not underpaid or not
     * visible.
     */
    Mono<UnderpaymentView> one(UUID claimPaymentId, int line) {
        Triage t = triage.current();
        return PracticeScope.current()
                .flatMap(
                        scope -> {
                            Map<String, Object> binds = new LinkedHashMap<>();
                            binds.put("claimPayment", claimPaymentId);
                            binds.put("line", line);
                            String with =
                                    Pricing.with(
                                            t,
                                            tolerance,
                                            scope,
                                            " AND pl.claim_payment_id = :claimPayment AND pl.line_index = :line",
                                            binds);
                            return bound(scope, with + ROWS, binds).map(r -> view(r, t)).one();
                        });
    }

    /**
     * The filter's conditions on the columns of {@code prefix} ({@code pl.}: the view's, {@code
     * f.}: the stored facts', which have the same names); {@code resolvedPayer}: the payers.yml id
     * of the line's payer.
     */
    private static String where(
            Filter f, Map<String, Object> binds, String prefix, String resolvedPayer) {
        StringBuilder where = new StringBuilder();
        if (f.practiceId() != null) {
            where.append(" AND ").append(prefix).append("practice_id = :practice");
            binds.put("practice", f.practiceId());
        }
        if (f.payer() != null) {
            where.append(" AND (")
                    .append(resolvedPayer)
                    .append(" = :payer OR ")
                    .append(prefix)
                    .append("payer_id = :payer OR ")
                    .append(prefix)
                    .append("payer_name ILIKE :payerName)");
            binds.put("payer", f.payer());
            binds.put("payerName", "%" + f.payer().replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (f.procedure() != null) {
            where.append(" AND ").append(prefix).append("procedure = :procedure");
            binds.put("procedure", f.procedure());
        }
        dates(where, binds, prefix + "payment_date", "from", f.from(), "to", f.to());
        dates(where, binds, prefix + "service_date", "dosFrom", f.dosFrom(), "dosTo", f.dosTo());
        return where.toString();
    }

    private static void dates(
            StringBuilder where,
            Map<String, Object> binds,
            String column,
            String fromName,
            LocalDate from,
            String toName,
            LocalDate to) {
        if (from != null) {
            where.append(" AND ").append(column).append(" >= :").append(fromName);
            binds.put(fromName, from);
        }
        if (to != null) {
            where.append(" AND ").append(column).append(" <= :").append(toName);
            binds.put(toName, to);
        }
    }

    private DatabaseClient.GenericExecuteSpec bound(
            PracticeScope scope, String sql, Map<String, Object> binds) {
        DatabaseClient.GenericExecuteSpec spec = scope.bind(db.sql(sql));
        for (Map.Entry<String, Object> b : binds.entrySet())
            spec = spec.bind(b.getKey(), b.getValue());
        return spec;
    }

    private static UnderpaymentView view(Readable r, Triage t) {
        FeeSchedule.Rate rate =
                t.feeSchedule().rates().get(r.get("ordinal", Long.class).intValue() - 1);
        UUID claimPayment = r.get("claim_payment_id", UUID.class);
        int line = r.get("line_index", Integer.class);
        String[] modifiers = r.get("modifiers", String[].class);
        return new UnderpaymentView(
                claimPayment + ":" + line,
                claimPayment,
                r.get("remittance_id", UUID.class),
                r.get("patient_control_number", String.class),
                r.get("payer_claim_number", String.class),
                line,
                r.get("procedure", String.class),
                modifiers == null ? List.of() : Arrays.asList(modifiers),
                r.get("units", BigDecimal.class),
                r.get("service_date", LocalDate.class),
                r.get("payment_date", LocalDate.class),
                money(r, "charge"),
                money(r, "allowed"),
                Boolean.TRUE.equals(r.get("allowed_reported", Boolean.class))
                        ? "AMT*B6"
                        : "charge less CO-45, 42, 131 and A2 (no AMT*B6)",
                money(r, "paid"),
                money(r, "expected"),
                money(r, "underpaid"),
                new UnderpaymentView.Party(
                        rate.payer(),
                        r.get("payer_id", String.class),
                        r.get("payer_name", String.class)),
                new UnderpaymentView.Rate(
                        rate.source(),
                        rate.procedure(),
                        rate.modifier(),
                        rate.rate(),
                        rate.from(),
                        rate.to()));
    }

    private static BigDecimal money(Readable r, String column) {
        return r.get(column, BigDecimal.class).setScale(2, RoundingMode.HALF_UP);
    }
}
