package org.reclaim.drafting;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks shared by the drafting records; each failure names the field. */
final class Checks {

    static final Pattern PROCEDURE = Pattern.compile("\\d{4}[0-9FTU]|[A-V]\\d{4}");
    static final Pattern MODIFIER = Pattern.compile("[A-Z0-9]{2}");
    static final Pattern GROUP = Pattern.compile("CO|PR|OA|PI|CR");
    static final Pattern CARC = Pattern.compile("[A-Z]?\\d{1,3}");
    static final Pattern RARC = Pattern.compile("MA\\d{1,3}|M\\d{1,3}|N\\d{1,4}");
    static final Pattern NPI = Pattern.compile("\\d{10}");

    private Checks() {}

    static String required(String field, String value) {
        if (value == null || value.isBlank())
            throw new IllegalArgumentException(field + " is required");
        return value.strip();
    }

    static <T> T required(String field, T value) {
        if (value == null) throw new IllegalArgumentException(field + " is required");
        return value;
    }

    static String matching(String field, String value, Pattern pattern) {
        String v = required(field, value);
        if (!pattern.matcher(v).matches()) {
            throw new IllegalArgumentException(
                    field + " '" + v + "' does not match " + pattern.pattern());
        }
        return v;
    }

    static List<String> codes(String field, List<String> values, Pattern pattern) {
        List<String> copy = strings(field, values);
        for (String v : copy) matching(field, v, pattern);
        return copy;
    }

    /** An immutable copy with no null or blank element; null stands for an empty list. */
    static List<String> strings(String field, List<String> values) {
        if (values == null) return List.of();
        for (String v : values) {
            if (v == null || v.isBlank())
                throw new IllegalArgumentException(field + " has a blank element");
        }
        return values.stream().map(String::strip).toList();
    }

    /** Dollars exact to the cent: more than two decimals is refused rather than rounded. */
    static BigDecimal money(String field, BigDecimal value) {
        Objects.requireNonNull(value, field + " is required");
        try {
            BigDecimal v = value.setScale(2, RoundingMode.UNNECESSARY);
            if (v.signum() < 0)
                throw new IllegalArgumentException(field + " must not be negative, was " + v);
            return v;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(field + " has more than two decimals: " + value, e);
        }
    }
}
