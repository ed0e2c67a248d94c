package org.reclaim.common;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount of US dollars, exact to the cent. Stored as a count of cents so that the 835 hot path
 * (millions of CAS amounts) does no BigDecimal arithmetic; converted to BigDecimal (scale 2) at the
 * edges (JSON, SQL).
 */
public record Money(long cents) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);

    public static Money of(BigDecimal value) {
        return new Money(
                value.setScale(2, RoundingMode.UNNECESSARY).movePointRight(2).longValueExact());
    }

    /**
     * Parses "12", "12.5", "-0.75", ".5". Throws {@link NumberFormatException} on anything else.
     */
    public static Money parse(CharSequence s) {
        return new Money(parseCents(s, 0, s.length()));
    }

    /**
     * Parses an X12 R-type amount into cents. More than two decimals are accepted only when the
     * extra digits are zeros: an amount is never silently rounded.
     */
    public static long parseCents(CharSequence s, int from, int to) {
        int i = from;
        while (i < to && s.charAt(i) == ' ') i++;
        while (to > i && s.charAt(to - 1) == ' ') to--;
        if (i >= to) throw new NumberFormatException("empty amount");
        boolean negative = false;
        char c = s.charAt(i);
        if (c == '-' || c == '+') {
            negative = c == '-';
            i++;
        }
        long whole = 0;
        int digits = 0;
        while (i < to && (c = s.charAt(i)) >= '0' && c <= '9') {
            whole = Math.addExact(Math.multiplyExact(whole, 10), c - '0');
            i++;
            digits++;
        }
        long fraction = 0;
        int fractionDigits = 0;
        if (i < to && s.charAt(i) == '.') {
            i++;
            while (i < to && (c = s.charAt(i)) >= '0' && c <= '9') {
                if (fractionDigits < 2) {
                    fraction = fraction * 10 + (c - '0');
                } else if (c != '0') {
                    throw new NumberFormatException(
                            "more than two decimals: " + s.subSequence(from, to));
                }
                fractionDigits++;
                i++;
            }
        }
        if (i != to || digits + fractionDigits == 0) {
            throw new NumberFormatException("not an amount: " + s.subSequence(from, to));
        }
        if (fractionDigits == 1) fraction *= 10;
        long cents = Math.addExact(Math.multiplyExact(whole, 100), fraction);
        return negative ? -cents : cents;
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(cents, other.cents));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(cents, other.cents));
    }

    public Money negate() {
        return new Money(-cents);
    }

    public boolean isZero() {
        return cents == 0;
    }

    public int signum() {
        return Long.signum(cents);
    }

    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(cents, 2);
    }

    @Override
    public int compareTo(Money o) {
        return Long.compare(cents, o.cents);
    }

    /** Plain decimal with two places, e.g. "-12.50": the form used in JSON and X12 output. */
    @Override
    public String toString() {
        return toBigDecimal().toPlainString();
    }
}
