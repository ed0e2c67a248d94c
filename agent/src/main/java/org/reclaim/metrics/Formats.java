package org.reclaim.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * How figures are shown (money always in cents): the API's {@code formatted} values and the
 * dashboard's cards are the same strings.
 */
public final class Formats {

    public static final String NONE = "n/a";

    private Formats() {}

    /** A ratio (0.1234) as a percentage with one decimal ("12.3%"). */
    public static String percent(BigDecimal ratio) {
        return ratio == null
                ? NONE
                : ratio.multiply(BigDecimal.valueOf(100))
                                .setScale(1, RoundingMode.HALF_UP)
                                .toPlainString()
                        + "%";
    }

    public static String days(BigDecimal days) {
        return days == null ? NONE : days.setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    public static String money(BigDecimal amount) {
        return amount == null ? NONE : String.format(Locale.ROOT, "$%,.2f", amount);
    }

    public static String count(long n) {
        return Long.toString(n);
    }
}
