package org.reclaim.metrics;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import org.reclaim.core.BadRequestException;

/**
 * The stretch of the month axis the metrics cover: {@code from}/{@code to} as dates ({@code
 * 2025-01-15}) or months ({@code 2025-01}: from its first day, to its last). Either end may be
 * open.
 */
public record Period(LocalDate from, LocalDate to) {

    static final LocalDate START = LocalDate.of(1, 1, 1);
    static final LocalDate END = LocalDate.of(9999, 12, 31);

    public static final Period ALL = new Period(null, null);

    public Period {
        if (from != null && to != null && from.isAfter(to)) {
            throw new BadRequestException("from (" + from + ") is after to (" + to + ")");
        }
    }

    public static Period parse(String from, String to) {
        return new Period(date(from, "from", false), date(to, "to", true));
    }

    private static LocalDate date(String s, String name, boolean end) {
        if (s == null || s.isBlank()) return null;
        String v = s.strip();
        try {
            if (v.length() == 7) {
                YearMonth m = YearMonth.parse(v);
                return end ? m.atEndOfMonth() : m.atDay(1);
            }
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(
                    name + " must be a date (2025-01-31) or a month (2025-01), got '" + v + "'");
        }
    }

    boolean bounded() {
        return from != null || to != null;
    }

    LocalDate fromOrStart() {
        return from == null ? START : from;
    }

    LocalDate toOrEnd() {
        return to == null ? END : to;
    }
}
