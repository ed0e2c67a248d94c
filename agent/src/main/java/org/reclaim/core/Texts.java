package org.reclaim.core;

/**
 * Text as the database's {@code text} columns keep it. PostgreSQL refuses a NUL in text (an insert
 * carrying one fails: "invalid byte sequence for encoding UTF8: 0x00"), and the other control
 * characters only garble what an operator reads; an outside party's answer may carry either.
 */
public final class Texts {

    private Texts() {}

    /**
     * {@code s} without control characters (C0, DEL and C1), tab and line breaks kept; null stays
     * null.
     */
    public static String storable(String s) {
        if (s == null) return null;
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control =
                    (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f);
            if (control) {
                if (b == null) b = new StringBuilder(s.length()).append(s, 0, i);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
