package org.reclaim.denial;

import java.math.BigDecimal;

/**
 * Priority = expected recoverable dollars weighted by urgency: {@code expected × (d + 75) / (d +
 * 15)} for {@code d} days left, so the weight is 5 on the last day, 3 with 15 days left, 2 with 45
 * and tends to 1 for far deadlines; a denial past its deadline has priority 0. Computed in whole
 * cents with half-up rounding, in Java here and in SQL by {@link #SQL}, which must agree exactly.
 */
public final class Priority {

    /**
     * The same formula over {@code d.expected_recovery} and {@code d.deadline} for a {@code :today}
     * bind: worklists sort by it so that the order is always today's.
     */
    public static final String SQL =
            """
            (CASE WHEN d.deadline IS NULL OR d.deadline < :today THEN 0
                  ELSE ((d.expected_recovery * 100)::bigint * ((d.deadline - :today) + 75) * 2
                        + ((d.deadline - :today) + 15)) / (2 * ((d.deadline - :today) + 15)) END)""";

    private Priority() {}

    public static BigDecimal of(BigDecimal expected, long daysLeft) {
        if (daysLeft < 0) return BigDecimal.ZERO.setScale(2);
        long cents = expected.movePointRight(2).longValueExact();
        long num = cents * (daysLeft + 75) * 2 + (daysLeft + 15);
        long cents2 = num / (2 * (daysLeft + 15));
        return BigDecimal.valueOf(cents2, 2);
    }
}
