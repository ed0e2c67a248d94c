package org.reclaim.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rates the practice contracted with its payers ({@code config/fee-schedules.csv}): what a
 * payer should allow for one unit of a procedure, for one modifier or for any, over a period. A
 * paid line the payer allowed less for is underpaid (docs/denial.md: CARC 45 is "not a denial:
 * compare with the contract"); a line no row prices is never judged, because a guessed rate would
 * invent money owed.
 */
public final class FeeSchedule {

    static final String FILE = "fee-schedules.csv";

    /**
     * CPT (five digits, or four and F/T/U) and HCPCS level II (a letter and four digits): five
     * characters.
     */
    private static final Pattern PROCEDURE = Pattern.compile("[A-Z0-9]{5}");

    private static final Pattern MODIFIER = Pattern.compile("[A-Z0-9]{2}");

    private static final FeeSchedule NONE = new FeeSchedule(List.of());

    /**
     * One row of the file.
     *
     * @param payer the payer's id in {@code payers.yml}, whichever of its identifiers the row named
     * @param modifier null: the rate of the procedure whatever its modifiers
     * @param rate the allowed amount of one unit, in dollars and cents
     * @param from first date of service it applies to; null: since ever
     * @param to last date of service it applies to; null: until further notice
     * @param source {@code file:line}, so a listed underpayment names the row it was measured
     *     against
     */
    public record Rate(
            String payer,
            String procedure,
            String modifier,
            BigDecimal rate,
            LocalDate from,
            LocalDate to,
            String source) {

        boolean overlaps(Rate o) {
            return (from == null || o.to == null || !o.to.isBefore(from))
                    && (to == null || o.from == null || !o.from.isAfter(to));
        }
    }

    private final List<Rate> rates;

    private FeeSchedule(List<Rate> rates) {
        this.rates = rates;
    }

    /**
     * @param file null when neither the jar nor the overlay has one: no contracted rates
     */
    public static FeeSchedule load(ConfigFile file, PayerDirectory payers) {
        if (file == null) return NONE;
        ConfigFile text = withoutComments(file);
        List<Rate> rates = new ArrayList<>();
        Map<String, List<Rate>> byKey = new HashMap<>();
        for (Csv.Row r : Csv.read(text, "payer", "procedure", "rate")) {
            PayerRules payer = payers.byId(r.required("payer"));
            if (payer == null) {
                throw r.problem(
                        "payer '"
                                + r.get("payer")
                                + "' is not in payers.yml: a contracted rate is found by"
                                + " the identifiers its payer is configured with there");
            }
            String procedure =
                    matching(
                            r,
                            "procedure",
                            PROCEDURE,
                            "a CPT or HCPCS code of five letters or digits");
            String modifier =
                    r.get("modifier").isEmpty()
                            ? null
                            : matching(
                                    r,
                                    "modifier",
                                    MODIFIER,
                                    "two letters or digits, or empty for any modifier");
            LocalDate from = date(r, "from");
            LocalDate to = date(r, "to");
            if (from != null && to != null && to.isBefore(from))
                throw r.problem("'to' " + to + " is before 'from' " + from);
            Rate rate =
                    new Rate(
                            payer.id(),
                            procedure,
                            modifier,
                            amount(r),
                            from,
                            to,
                            file.name() + ":" + r.line());
            List<Rate> same =
                    byKey.computeIfAbsent(
                            payer.id() + "|" + procedure + "|" + modifier, k -> new ArrayList<>());
            for (Rate earlier : same) {
                if (earlier.overlaps(rate)) {
                    // two rates for the same service on the same day: which one the contract means
                    // is unknowable
                    throw r.problem(
                            "overlaps the row at "
                                    + earlier.source()
                                    + " (same payer, procedure, modifier"
                                    + " and dates): give one of them other dates");
                }
            }
            same.add(rate);
            rates.add(rate);
        }
        return new FeeSchedule(List.copyOf(rates));
    }

    /**
     * Lines starting with {@code #} are the operator's notes: blanked, so that every row keeps its
     * line number.
     */
    private static ConfigFile withoutComments(ConfigFile file) {
        String text = file.text().startsWith("\uFEFF") ? file.text().substring(1) : file.text();
        return new ConfigFile(
                file.name(),
                text.lines()
                        .map(l -> l.stripLeading().startsWith("#") ? "" : l)
                        .collect(Collectors.joining("\n")));
    }

    private static String matching(Csv.Row r, String column, Pattern pattern, String expected) {
        String v = r.required(column).toUpperCase(Locale.ROOT);
        if (!pattern.matcher(v).matches())
            throw r.problem(column + " '" + r.get(column) + "' is not " + expected);
        return v;
    }

    private static LocalDate date(Csv.Row r, String column) {
        String v = r.get(column);
        if (v.isEmpty()) return null;
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw r.problem(column + " '" + v + "' is not a date (YYYY-MM-DD)");
        }
    }

    private static BigDecimal amount(Csv.Row r) {
        String v = r.required("rate");
        BigDecimal rate;
        try {
            rate = new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw r.problem("rate '" + v + "' is not an amount (dollars and cents, e.g. 84.46)");
        }
        if (rate.signum() <= 0) throw r.problem("rate must be more than 0, not " + v);
        if (rate.stripTrailingZeros().scale() > 2)
            throw r.problem("rate " + v + " has more than two decimals");
        return rate.setScale(2, RoundingMode.UNNECESSARY);
    }

    public List<Rate> rates() {
        return rates;
    }
}
