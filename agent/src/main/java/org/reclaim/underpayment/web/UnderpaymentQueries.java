package org.reclaim.underpayment.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.core.Page;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.rules.FeeSchedule;
import org.reclaim.rules.PayerRules;
import org.reclaim.tenancy.PracticeScope;
import org.reclaim.triage.Triage;
import org.reclaim.triage.TriageService;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Finds underpaid lines: the paid lines of the {@code paid_line} view (V11__underpayments.sql)
 * priced by the fee schedule in force, which is bound into every query rather than stored, so a
 * reloaded schedule judges every stored line again at once. A line's payer is found as triage finds
 * a denial's: the first of its remittance's N1*PR id and TRN03 that a payer of payers.yml is
 * configured under.
 */
@Component
class UnderpaymentQueries {

    /**
     * A line and the rates that may price it: same payer and procedure, the rate's modifier among
     * the line's (or any), the date of service within the rate's dates. A line with no date of
     * service is priced only by a rate without dates.
     */
    private static final String MATCH =
            """
            rt.payer = l.payer AND rt.procedure = l.procedure
            AND (rt.modifier IS NULL OR rt.modifier = ANY(l.modifiers))
            AND (rt.valid_from IS NULL OR rt.valid_from <= l.service_date)
            AND (rt.valid_to IS NULL OR l.service_date <= rt.valid_to)""";

    private static final String ROWS =
            """
            SELECT p.*, p.expected - p.allowed AS underpaid FROM priced p
            WHERE p.expected - p.allowed > :tolerance
            ORDER BY p.payment_date DESC NULLS LAST, p.claim_payment_id, p.line_index""";

    private final DatabaseClient db;
    private final TriageService triage;
    private final BigDecimal tolerance;

    UnderpaymentQueries(DatabaseClient db, TriageService triage, ReclaimProperties properties) {
        this.db = db;
        this.triage = triage;
        this.tolerance = properties.triage().underpaymentTolerance();
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
        return PracticeScope.current()
                .flatMap(
                        scope -> {
                            Map<String, Object> binds = new LinkedHashMap<>();
                            String with = with(t, scope, where(f, binds), binds);
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
                                                            + MATCH
                                                            + ")) AS unknown",
                                                    binds)
                                            .map(
                                                    r ->
                                                            new Counts(
                                                                    r.get("n", Long.class),
                                                                    money(r, "total"),
                                                                    r.get("unknown", Long.class)))
                                            .one();
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
                        });
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
                                    with(
                                            t,
                                            scope,
                                            " AND pl.claim_payment_id = :claimPayment AND pl.line_index = :line",
                                            binds);
                            return bound(scope, with + ROWS, binds).map(r -> view(r, t)).one();
                        });
    }

    private static String where(Filter f, Map<String, Object> binds) {
        StringBuilder where = new StringBuilder();
        if (f.practiceId() != null) {
            where.append(" AND pl.practice_id = :practice");
            binds.put("practice", f.practiceId());
        }
        if (f.payer() != null) {
            where.append(
                    " AND (coalesce(k1.payer, k2.payer) = :payer OR pl.payer_id = :payer"
                            + " OR pl.payer_name ILIKE :payerName)");
            binds.put("payer", f.payer());
            binds.put("payerName", "%" + f.payer().replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (f.procedure() != null) {
            where.append(" AND pl.procedure = :procedure");
            binds.put("procedure", f.procedure());
        }
        dates(where, binds, "pl.payment_date", "from", f.from(), "to", f.to());
        dates(where, binds, "pl.service_date", "dosFrom", f.dosFrom(), "dosTo", f.dosTo());
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

    /**
     * The common part: the rates and payer identifiers in force as tables, the visible paid lines
     * of the filter with their payer, and each line priced by its most specific rate (one for a
     * modifier of the line before one for any; of equals, the first in the file). Adds the binds it
     * needs.
     *
     * <p>The lines are MATERIALIZED: inlined into the page's query, the planner guessed one row
     * from the rates it cannot see into and chose nested loops (6.2 s over 50,000 claims, against
     * 0.5 s this way).
     */
    private String with(Triage t, PracticeScope scope, String filter, Map<String, Object> binds) {
        List<FeeSchedule.Rate> rates = t.feeSchedule().rates();
        binds.put("ratePayer", rates.stream().map(FeeSchedule.Rate::payer).toArray(String[]::new));
        binds.put(
                "rateProcedure",
                rates.stream().map(FeeSchedule.Rate::procedure).toArray(String[]::new));
        binds.put(
                "rateModifier",
                rates.stream().map(FeeSchedule.Rate::modifier).toArray(String[]::new));
        binds.put("rate", rates.stream().map(FeeSchedule.Rate::rate).toArray(BigDecimal[]::new));
        binds.put("rateFrom", rates.stream().map(FeeSchedule.Rate::from).toArray(LocalDate[]::new));
        binds.put("rateTo", rates.stream().map(FeeSchedule.Rate::to).toArray(LocalDate[]::new));
        List<String> identifiers = new ArrayList<>();
        List<String> identified = new ArrayList<>();
        for (PayerRules p : t.payers().payers()) {
            for (String id : p.identifiers()) {
                identifiers.add(id);
                identified.add(p.id());
            }
        }
        binds.put("identifier", identifiers.toArray(String[]::new));
        binds.put("identifiedPayer", identified.toArray(String[]::new));
        binds.put("tolerance", tolerance);
        return """
                WITH rate AS (
                    SELECT * FROM unnest(:ratePayer::text[], :rateProcedure::text[], :rateModifier::text[],
                                         :rate::numeric[], :rateFrom::date[], :rateTo::date[]) WITH ORDINALITY
                        AS t(payer, procedure, modifier, rate, valid_from, valid_to, ordinal)),
                known AS (SELECT * FROM unnest(:identifier::text[], :identifiedPayer::text[]) AS k(identifier, payer)),
                line AS MATERIALIZED (
                    SELECT pl.*, coalesce(k1.payer, k2.payer) AS payer
                    FROM paid_line pl
                    LEFT JOIN known k1 ON k1.identifier = pl.payer_id
                    LEFT JOIN known k2 ON k2.identifier = pl.trace_originator
                    WHERE"""
                + " "
                + scope.sql("pl.practice_id")
                + filter
                + """
                ),
                priced AS (
                    SELECT DISTINCT ON (l.claim_payment_id, l.line_index) l.*, rt.ordinal,
                           round(rt.rate * l.units, 2) AS expected
                    FROM line l JOIN rate rt ON"""
                + " "
                + MATCH
                + """

                    ORDER BY l.claim_payment_id, l.line_index, rt.modifier IS NULL, rt.ordinal)
                """;
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
