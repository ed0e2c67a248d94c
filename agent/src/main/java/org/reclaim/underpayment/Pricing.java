package org.reclaim.underpayment;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.reclaim.rules.FeeSchedule;
import org.reclaim.rules.PayerRules;
import org.reclaim.tenancy.PracticeScope;
import org.reclaim.triage.Triage;

/**
 * How a paid line is priced: the paid lines of the {@code paid_line} view (V11__underpayments.sql)
 * and the fee schedule in force, which is bound into the query rather than stored. A line's payer
 * is found as triage finds a denial's: the first of its remittance's N1*PR id and TRN03 that a
 * payer of payers.yml is configured under. Used live (one line, or the whole list while the stored
 * facts were judged by another schedule) and to judge lines into {@code underpayment_fact}.
 */
public final class Pricing {

    /**
     * A line and the rates that may price it: same payer and procedure, the rate's modifier among
     * the line's (or any), the date of service within the rate's dates. A line with no date of
     * service is priced only by a rate without dates.
     */
    public static final String MATCH =
            """
            rt.payer = l.payer AND rt.procedure = l.procedure
            AND (rt.modifier IS NULL OR rt.modifier = ANY(l.modifiers))
            AND (rt.valid_from IS NULL OR rt.valid_from <= l.service_date)
            AND (rt.valid_to IS NULL OR l.service_date <= rt.valid_to)""";

    private Pricing() {}

    /**
     * A digest of everything a judgement is bound to: the rates, the payer identifiers and the
     * tolerance. Two configurations with the same digest judge every line alike.
     */
    public static String digest(Triage t, BigDecimal tolerance) {
        Map<String, Object> binds = new java.util.LinkedHashMap<>();
        binds(t, tolerance, binds);
        StringBuilder text = new StringBuilder();
        binds.forEach(
                (k, v) ->
                        text.append(k)
                                .append('=')
                                .append(
                                        v instanceof Object[] a
                                                ? Arrays.toString(a)
                                                : String.valueOf(v))
                                .append('\n'));
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The common part: the rates and payer identifiers in force as tables, the visible paid lines
     * of the filter with their payer ({@code line}), and each line priced by its most specific rate
     * ({@code priced}: one for a modifier of the line before one for any; of equals, the first in
     * the file). Adds the binds it needs.
     *
     * <p>The lines are MATERIALIZED: inlined into the page's query, the planner guessed one row
     * from the rates it cannot see into and chose nested loops (6.2 s over 50,000 claims, against
     * 0.5 s this way).
     */
    public static String with(
            Triage t,
            BigDecimal tolerance,
            PracticeScope scope,
            String filter,
            Map<String, Object> binds) {
        binds(t, tolerance, binds);
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

    private static void binds(Triage t, BigDecimal tolerance, Map<String, Object> binds) {
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
    }
}
