package org.reclaim.review;

import java.time.Instant;

/**
 * How long an operator had a page open before deciding: each decision page carries the time it was
 * rendered ({@code shownAt}, epoch milliseconds) and posts it back with the decision.
 */
public final class PageTime {

    private PageTime() {}

    /** Milliseconds to stamp a page with when it is rendered. */
    public static long now() {
        return Instant.now().toEpochMilli();
    }

    /**
     * Seconds since {@code shownAt} (the form field as posted). Unknown (null) without it, when it
     * is not a number, or when implausible (in the future, or over a day: the page sat open).
     */
    public static Integer secondsSince(String shownAt) {
        long at;
        try {
            at = shownAt == null ? 0 : Long.parseLong(shownAt.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if (at <= 0) return null;
        long s = (now() - at) / 1000;
        return s < 0 || s > 86_400 ? null : (int) s;
    }
}
