package org.reclaim.x12.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.reclaim.common.Money;
import org.reclaim.x12.Problem;
import org.reclaim.x12.ProblemSink;

/**
 * A view of the current segment inside the reader's buffer. It is reused: it is valid only until
 * the reader moves on, so mappers copy out what they keep (Strings, Money, dates).
 *
 * <p>Element 0 is the segment id; elements are 1-based like their X12 names (CLP04 = {@code
 * element(4)}).
 */
public final class Segment {

    public byte[] buf;

    /**
     * start[k] = first byte of element k; element k ends at start[k + 1] - 1 (the last one at
     * {@link #end}).
     */
    public int[] start = new int[64];

    public int elements;
    public int end;
    public long ordinal;
    public long offset;
    public byte componentSeparator;

    /** -1 when the interchange has no repetition separator (4010, or no envelope). */
    public int repetitionSeparator = -1;

    public ProblemSink problems;

    public Segment() {}

    /** The segment id (e.g. "CLP"). Allocates; prefer {@link #is} and {@link #tag} in hot paths. */
    public String id() {
        return element(0);
    }

    /** The id packed into an int, comparable with {@link #tag(String)} constants. */
    public int tag() {
        return tag;
    }

    /** Computed once per segment by the reader: the id bytes packed, -1 for an id longer than 3. */
    public int tag;

    public void computeTag() {
        int s = start[0];
        int e = elementEnd(0);
        int t = 0;
        for (int i = s; i < e && i < s + 4; i++) t = t << 8 | (buf[i] & 0xff);
        tag = e - s > 3 ? -1 : t;
    }

    public static int tag(String id) {
        int t = 0;
        for (int i = 0; i < id.length(); i++) t = t << 8 | (id.charAt(i) & 0xff);
        return t;
    }

    public boolean is(String id) {
        int s = start[0];
        int len = elementEnd(0) - s;
        if (len != id.length()) return false;
        for (int i = 0; i < len; i++) if (buf[s + i] != id.charAt(i)) return false;
        return true;
    }

    /** Number of elements after the id (CLP with CLP01..CLP09 has count 9). */
    public int count() {
        return elements - 1;
    }

    /** 1-based ordinal of the segment in the file. */
    public long ordinal() {
        return ordinal;
    }

    /** Byte offset in the file of the segment's first byte. */
    public long offset() {
        return offset;
    }

    public int elementStart(int i) {
        return start[i];
    }

    public int elementEnd(int i) {
        return i + 1 < elements ? start[i + 1] - 1 : end;
    }

    public boolean has(int i) {
        return i < elements && elementEnd(i) > start[i];
    }

    /** Element text, "" when absent. */
    public String element(int i) {
        if (i >= elements) return "";
        int s = start[i];
        return text(s, elementEnd(i));
    }

    /** Element text, or null when absent or empty. */
    public String elementOrNull(int i) {
        if (!has(i)) return null;
        return text(start[i], elementEnd(i));
    }

    /** Does element i equal the given text exactly? */
    public boolean elementIs(int i, String value) {
        if (i >= elements) return value.isEmpty();
        int s = start[i];
        int len = elementEnd(i) - s;
        if (len != value.length()) return false;
        for (int k = 0; k < len; k++) if (buf[s + k] != value.charAt(k)) return false;
        return true;
    }

    /**
     * Element i (up to 3 bytes) packed with its length into an int, comparable with {@link
     * #packed(String)} constants: a qualifier test without a String; -1 for a longer element, 0 for
     * an absent one.
     */
    public int packed(int i) {
        if (i >= elements) return 0;
        int s = start[i];
        int len = elementEnd(i) - s;
        if (len > 3) return -1;
        int v = len;
        for (int k = s; k < s + len; k++) v = v << 8 | (buf[k] & 0xff);
        return v << (8 * (3 - len));
    }

    /** The {@link #packed(int)} form of a constant of at most 3 characters. */
    public static int packed(String value) {
        int v = value.length();
        for (int k = 0; k < value.length(); k++) v = v << 8 | (value.charAt(k) & 0xff);
        return v << (8 * (3 - value.length()));
    }

    private final String[] codes = new String[1024];
    private final long[] codeKeys = new long[1024];

    /**
     * Element i like {@link #element}, for short code values (group codes, CARCs, qualifiers,
     * statuses): these repeat millions of times in a big file, so they come from a small cache
     * instead of a new String.
     */
    public String code(int i) {
        if (i >= elements) return "";
        return code(start[i], elementEnd(i));
    }

    public String code(int s, int e) {
        int len = e - s;
        if (len == 0) return "";
        if (len > 7) return text(s, e);
        long key = len;
        for (int k = s; k < e; k++) key = key << 8 | (buf[k] & 0xff);
        int h = (int) ((key * 0x9E3779B97F4A7C15L) >>> 54);
        String v = codes[h];
        if (v != null && codeKeys[h] == key) return v;
        // two-way: a code whose slot is taken lives next door, so two frequent codes never evict
        // each other
        int h2 = h ^ 1;
        String v2 = codes[h2];
        if (v2 != null && codeKeys[h2] == key) return v2;
        if (v != null && v2 == null) h = h2;
        v = text(s, e);
        codes[h] = v;
        codeKeys[h] = key;
        return v;
    }

    /** Component c (1-based) of element i as a {@link #code}, "" when absent. */
    public String componentCode(int i, int c) {
        long r = componentRange(i, c);
        return r < 0 ? "" : code((int) (r >>> 32), (int) r);
    }

    /**
     * Start and end offsets of component c (1-based) of element i, packed as start << 32 | end; -1
     * when absent.
     */
    private long componentRange(int i, int c) {
        if (i >= elements) return -1;
        int s = start[i];
        int e = firstRepetitionEnd(s, elementEnd(i));
        int n = 1;
        int from = s;
        for (int k = s; k < e; k++) {
            if (buf[k] == componentSeparator) {
                if (n == c) return (long) from << 32 | k;
                n++;
                from = k + 1;
            }
        }
        return n == c ? (long) from << 32 | e : -1;
    }

    private final int[] bounds = new int[2 * 8 + 1];

    /**
     * Splits the first repetition of element i into components in one pass: returns an array
     * (reused, valid until the next call) holding the number of components found, capped at max,
     * then each component's start and end offsets. No components when the element is absent.
     */
    public int[] componentBounds(int i, int max) {
        int[] out = bounds;
        if (i >= elements) {
            out[0] = 0;
            return out;
        }
        int s = start[i];
        int e = firstRepetitionEnd(s, elementEnd(i));
        int n = 0;
        int from = s;
        for (int k = s; k < e && n < max; k++) {
            if (buf[k] == componentSeparator) {
                out[2 * n + 1] = from;
                out[2 * n + 2] = k;
                n++;
                from = k + 1;
            }
        }
        if (n < max) {
            out[2 * n + 1] = from;
            out[2 * n + 2] = e;
            n++;
        }
        out[0] = n;
        return out;
    }

    /**
     * Component c (1-based) of element i, "" when absent. Component 1 of a simple element is the
     * element.
     */
    public String component(int i, int c) {
        long r = componentRange(i, c);
        return r < 0 ? "" : text((int) (r >>> 32), (int) r);
    }

    /** The components of element i (its first repetition), trailing empty ones dropped. */
    public List<String> components(int i) {
        List<String> out = new ArrayList<>(4);
        if (i >= elements) return out;
        int s = start[i];
        int e = firstRepetitionEnd(s, elementEnd(i));
        split(s, e, componentSeparator, out);
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    /**
     * The repetitions of element i (split by the repetition separator when the interchange has
     * one).
     */
    public List<String> repetitions(int i) {
        List<String> out = new ArrayList<>(2);
        if (i >= elements) return out;
        int s = start[i];
        int e = elementEnd(i);
        if (repetitionSeparator < 0) {
            out.add(text(s, e));
        } else {
            split(s, e, (byte) repetitionSeparator, out);
        }
        return out;
    }

    private int firstRepetitionEnd(int s, int e) {
        if (repetitionSeparator < 0) return e;
        for (int k = s; k < e; k++) if (buf[k] == (byte) repetitionSeparator) return k;
        return e;
    }

    private void split(int s, int e, byte sep, List<String> out) {
        int from = s;
        for (int k = s; k < e; k++) {
            if (buf[k] == sep) {
                out.add(text(from, k));
                from = k + 1;
            }
        }
        out.add(text(from, e));
    }

    /**
     * Element i as an amount, or null when absent. An unreadable amount is reported as a problem at
     * its element and read as zero, so that balancing can go on (the problem says so).
     */
    public Money money(int i) {
        if (!has(i)) return null;
        long c = cents(i);
        return c == 0 ? Money.ZERO : new Money(c);
    }

    /** Element i as an amount; absent reads as zero, unreadable reads as zero with a problem. */
    public Money moneyOrZero(int i) {
        Money m = money(i);
        return m == null ? Money.ZERO : m;
    }

    /** Element i in cents, parsed straight from the bytes; absent or unreadable (reported) is 0. */
    public long cents(int i) {
        if (i >= elements) return 0;
        int s = start[i];
        int e = elementEnd(i);
        byte[] b = buf;
        while (s < e && b[s] == ' ') s++;
        while (e > s && b[e - 1] == ' ') e--;
        if (s == e) return 0;
        // parseCents(b, s, e), written out: this method is called from many places of the mappers,
        // and
        // as one method too big for the JIT to inline it is compiled once instead of at every call
        // site
        boolean negative = false;
        byte c = b[s];
        if (c == '-' || c == '+') {
            negative = c == '-';
            s++;
        }
        long whole = 0;
        int digits = 0;
        boolean bad = false;
        while (s < e && (c = b[s]) >= '0' && c <= '9') {
            if (digits >= 16) {
                bad = true;
                break;
            }
            whole = whole * 10 + (c - '0');
            s++;
            digits++;
        }
        long fraction = 0;
        int fractionDigits = 0;
        if (!bad && s < e && b[s] == '.') {
            s++;
            while (s < e && (c = b[s]) >= '0' && c <= '9') {
                if (fractionDigits < 2) {
                    fraction = fraction * 10 + (c - '0');
                } else if (c != '0') {
                    bad = true;
                    break;
                }
                fractionDigits++;
                s++;
            }
        }
        if (bad || s != e || digits + fractionDigits == 0) {
            report(
                    i,
                    "not an amount: '"
                            + text(start[i], elementEnd(i))
                            + "' (read as 0 for balancing)");
            return 0;
        }
        if (fractionDigits == 1) fraction *= 10;
        long cents = whole * 100 + fraction;
        return negative ? -cents : cents;
    }

    /** The byte version of {@link Money#parseCents}: Long.MIN_VALUE instead of an exception. */
    public static long parseCents(byte[] b, int i, int to) {
        boolean negative = false;
        byte c = b[i];
        if (c == '-' || c == '+') {
            negative = c == '-';
            i++;
        }
        long whole = 0;
        int digits = 0;
        while (i < to && (c = b[i]) >= '0' && c <= '9') {
            if (digits >= 16) return Long.MIN_VALUE;
            whole = whole * 10 + (c - '0');
            i++;
            digits++;
        }
        long fraction = 0;
        int fractionDigits = 0;
        if (i < to && b[i] == '.') {
            i++;
            while (i < to && (c = b[i]) >= '0' && c <= '9') {
                if (fractionDigits < 2) {
                    fraction = fraction * 10 + (c - '0');
                } else if (c != '0') {
                    return Long.MIN_VALUE;
                }
                fractionDigits++;
                i++;
            }
        }
        if (i != to || digits + fractionDigits == 0) return Long.MIN_VALUE;
        if (fractionDigits == 1) fraction *= 10;
        long cents = whole * 100 + fraction;
        return negative ? -cents : cents;
    }

    /**
     * Element i as a decimal (quantities, units), null when absent; unreadable is reported and
     * null.
     */
    public BigDecimal decimal(int i) {
        if (!has(i)) return null;
        BigDecimal fast = plainDecimal(start[i], elementEnd(i));
        if (fast != null) return fast;
        String s = element(i).trim();
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            report(i, "not a number: '" + s + "'");
            return null;
        }
    }

    /**
     * Checks element i as {@link #decimal} would read it, reporting the same problem when it is
     * unreadable, without making the number in the common (plain) case.
     */
    public void checkDecimal(int i) {
        if (!has(i)) return;
        if (isPlainDecimal(start[i], elementEnd(i))) return;
        decimal(i);
    }

    /** Exactly the inputs {@link #plainDecimal} reads (returns non-null for). */
    private boolean isPlainDecimal(int s, int e) {
        byte[] b = buf;
        if (s < e && b[s] == '-') s++;
        int digits = 0;
        boolean point = false;
        for (int k = s; k < e; k++) {
            byte c = b[k];
            if (c >= '0' && c <= '9') {
                if (++digits > 17) return false;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return false;
            }
        }
        return digits != 0;
    }

    /**
     * "12", "-3", "1.50", ".5", "5." straight from the bytes (the value and scale new BigDecimal
     * would give), or null for anything else (signs, exponents, blanks, long numbers), left to
     * BigDecimal.
     */
    private BigDecimal plainDecimal(int s, int e) {
        byte[] b = buf;
        boolean negative = false;
        if (s < e && b[s] == '-') {
            negative = true;
            s++;
        }
        long unscaled = 0;
        int digits = 0;
        int scale = 0;
        boolean point = false;
        for (int k = s; k < e; k++) {
            byte c = b[k];
            if (c >= '0' && c <= '9') {
                if (++digits > 17) return null;
                unscaled = unscaled * 10 + (c - '0');
                if (point) scale++;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return null;
            }
        }
        if (digits == 0) return null;
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    }

    /** Element i as a CCYYMMDD date, null when absent; an unreadable date is reported and null. */
    public LocalDate date(int i) {
        if (!has(i)) return null;
        return date(i, start[i], elementEnd(i));
    }

    /**
     * A date or the bounds of a date range (RD8 "CCYYMMDD-CCYYMMDD") in element i. {@code last}
     * picks the end of a range; a single date is both ends.
     */
    public LocalDate dateInRange(int i, boolean last) {
        if (!has(i)) return null;
        int s = start[i];
        int e = elementEnd(i);
        for (int k = s; k < e; k++) {
            if (buf[k] == '-') return last ? date(i, k + 1, e) : date(i, s, k);
        }
        return date(i, s, e);
    }

    private LocalDate date(int i, int s, int e) {
        if (e - s == 8) {
            int v = 0;
            boolean digits = true;
            for (int k = s; k < e; k++) {
                int d = buf[k] - '0';
                if (d < 0 || d > 9) {
                    digits = false;
                    break;
                }
                v = v * 10 + d;
            }
            if (digits) {
                int h = (v ^ (v >>> 7)) & (DATES - 1);
                LocalDate cached = dates[h];
                if (cached != null && dateKeys[h] == v) return cached;
                try {
                    LocalDate d = LocalDate.of(v / 10000, v / 100 % 100, v % 100);
                    dates[h] = d;
                    dateKeys[h] = v;
                    return d;
                } catch (DateTimeException ignored) {
                    // reported below
                }
            }
        }
        report(i, "not a CCYYMMDD date: '" + text(s, e) + "'");
        return null;
    }

    private static final int DATES = 512;

    /**
     * Recent dates by their CCYYMMDD value: a big file holds a few hundred distinct dates, millions
     * of times.
     */
    private final LocalDate[] dates = new LocalDate[DATES];

    private final int[] dateKeys = new int[DATES];

    public void report(int element, String message) {
        if (problems != null) problems.add(Problem.error(ordinal, id(), element, offset, message));
    }

    public void warn(int element, String message) {
        if (problems != null)
            problems.add(
                    Problem.warning(ordinal, id(), element == 0 ? null : element, offset, message));
    }

    private String text(int s, int e) {
        return new String(buf, s, e - s, StandardCharsets.UTF_8);
    }

    /** The segment as text with "*" between elements; for tests and diagnostics. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < elements; i++) {
            if (i > 0) b.append('*');
            b.append(element(i));
        }
        return b.toString();
    }
}
