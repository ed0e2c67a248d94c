package org.reclaim.x12.internal;

import java.io.IOException;
import java.io.InputStream;
import org.reclaim.x12.Problem;
import org.reclaim.x12.ProblemSink;

/**
 * Streaming X12 tokenizer: bytes to segments, through one reusable buffer that grows only for an
 * oversized segment. Element boundaries are int offsets into the buffer; nothing is decoded until a
 * mapper asks for an element. Delimiters are taken from each ISA, so every interchange may use its
 * own.
 */
public final class X12Reader {

    public static final int BUFFER = 64 * 1024;

    /**
     * A longer "segment" is garbage without terminators: it is cut here so memory stays bounded.
     */
    public static final int MAX_SEGMENT = 1 << 20;

    private static final int MAX_ISA = 1024;

    private final InputStream in;
    private final ProblemSink problems;
    private final Segment seg = new Segment();
    private byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;

    /** File offset of buf[0]. */
    private long base;

    private boolean eof;
    private boolean started;
    private String fatal;
    private long ordinal;

    private byte elem = '*';
    private byte term = '~';
    private byte comp = ':';
    private int rep = -1;
    private boolean envelope;
    private boolean wrappedReported;
    private long bytesSeen;

    public X12Reader(InputStream in, ProblemSink problems) {
        this.in = in;
        this.problems = problems;
        seg.problems = problems;
    }

    /** Non-null when the input could not be read as X12 at all (empty, not X12, broken ISA). */
    public String fatal() {
        return fatal;
    }

    public boolean sawEnvelope() {
        return envelope;
    }

    public long bytesRead() {
        return Math.max(bytesSeen, base + limit);
    }

    /** Advances to the next segment; false at the end of the input. The returned view is reused. */
    public Segment next() throws IOException {
        if (!started) {
            started = true;
            if (!start()) return null;
        }
        if (fatal != null) return null;
        for (; ; ) {
            if (!skipWhitespace()) return null;
            if (buf[pos] == term) {
                pos++;
                continue;
            }
            if (limit - pos < 4) ensure(4);
            if (limit - pos >= 4
                    && buf[pos] == 'I'
                    && buf[pos + 1] == 'S'
                    && buf[pos + 2] == 'A'
                    && !isAlnum(buf[pos + 3])
                    && !isWhitespace(buf[pos + 3])) {
                return readIsa();
            }
            return scan();
        }
    }

    private boolean start() throws IOException {
        while (!eof && limit < buf.length) read();
        if (limit == 0) {
            // every refusal names where (issue 14): here the start, byte 0
            fatal = "empty file: no data at byte 0";
            problems.add(Problem.error(0, null, null, 0, fatal));
            return false;
        }
        if (limit >= 3
                && (buf[0] & 0xff) == 0xEF
                && (buf[1] & 0xff) == 0xBB
                && (buf[2] & 0xff) == 0xBF) {
            pos = 3;
            problems.add(
                    Problem.warning(0, null, null, 0, "UTF-8 byte order mark before the data"));
        }
        if (!skipWhitespace()) {
            fatal = "empty file (only whitespace, to byte " + (base + pos) + ")";
            problems.add(Problem.error(0, null, null, base + pos, fatal));
            return false;
        }
        int isa = findIsa(pos);
        if (isa == pos) return true;
        if (isa > pos) {
            problems.add(
                    Problem.warning(
                            0,
                            null,
                            null,
                            base + pos,
                            "text before ISA (" + (isa - pos) + " bytes) ignored"));
            pos = isa;
            return true;
        }
        return detectWithoutEnvelope();
    }

    /** The first "ISA" that can start a header in the buffered prefix, or -1. */
    private int findIsa(int from) {
        for (int i = from; i + 3 < limit; i++) {
            if (buf[i] == 'I'
                    && buf[i + 1] == 'S'
                    && buf[i + 2] == 'A'
                    && (i == from || !isAlnum(buf[i - 1]))
                    && !isAlnum(buf[i + 3])
                    && !isWhitespace(buf[i + 3])) {
                return i;
            }
        }
        return -1;
    }

    private boolean detectWithoutEnvelope() {
        int i = pos;
        int idLen = 0;
        while (i < limit && idLen < 4 && (isUpper(buf[i]) || (idLen > 0 && isDigit(buf[i])))) {
            i++;
            idLen++;
        }
        if (idLen < 2
                || idLen > 3
                || i >= limit
                || isAlnum(buf[i])
                || isWhitespace(buf[i])
                || buf[i] < 0x20
                || buf[i] > 0x7e) {
            fatal =
                    "not X12: no ISA header and no segment at byte "
                            + (base + pos)
                            + ", the start of the data";
            problems.add(Problem.error(0, null, null, base + pos, fatal));
            return false;
        }
        elem = buf[i];
        term = '\n';
        for (int k = pos; k < limit; k++) {
            if (buf[k] == '~') {
                term = '~';
                break;
            }
        }
        comp = ':';
        rep = -1;
        problems.add(
                Problem.warning(
                        0,
                        null,
                        null,
                        base + pos,
                        "no ISA envelope: delimiters taken from the first segment"));
        return true;
    }

    private Segment readIsa() throws IOException {
        long isaOffset = base + pos;
        byte e = buf[pos + 3];
        int found = 0;
        int k = pos + 3;
        for (; ; ) {
            if (k >= limit) {
                if (eof) return brokenIsa(isaOffset);
                k -= fill();
                continue;
            }
            if (buf[k] == e && ++found == 16) break;
            if (k - pos > MAX_ISA) return brokenIsa(isaOffset);
            k++;
        }
        // ISA16 and the terminator, plus room to look past whitespace after ISA16
        k -= ensureAt(k, 64);
        if (k + 2 >= limit) return brokenIsa(isaOffset);
        elem = e;
        comp = buf[k + 1];
        byte t = buf[k + 2];
        String note = null;
        if (t == '\r' || t == '\n') {
            int j = k + 2;
            while (j < limit && isWhitespace(buf[j])) j++;
            if (j < limit && !isAlnum(buf[j]) && buf[j] != e) {
                t = buf[j];
                note = "whitespace between ISA16 and the segment terminator";
            } else {
                t = '\n';
                note = "newline used as the segment terminator";
            }
        }
        term = t;
        int isaLength = k + 3 - pos;
        envelope = true;
        wrappedReported = false;
        rep = -1;
        Segment s = scan();
        if (s.has(12) && s.element(12).trim().compareTo("00402") >= 0) {
            String r = s.element(11);
            if (r.length() == 1
                    && !isAlnum((byte) r.charAt(0))
                    && !isWhitespace((byte) r.charAt(0))) rep = r.charAt(0);
        }
        s.repetitionSeparator = rep;
        if (isaLength != 106) s.warn(0, "ISA is " + isaLength + " characters long, expected 106");
        if (note != null) s.warn(16, note);
        if (comp == term || comp == elem)
            s.warn(16, "component separator equals another delimiter");
        return s;
    }

    private Segment brokenIsa(long offset) {
        fatal = "truncated: ISA header at byte " + offset + " is incomplete";
        problems.add(Problem.error(ordinal + 1, "ISA", null, offset, fatal));
        return null;
    }

    /** Reads one segment from pos (the first non-blank byte) with the current delimiters. */
    private Segment scan() throws IOException {
        if (classesFor != (term << 16 | (elem & 0xff))) classify();
        Segment s = seg;
        int[] starts = s.start;
        int n = 1;
        starts[0] = pos;
        int i = pos;
        boolean breaks = false;
        boolean terminated = false;
        boolean cut = false;
        outer:
        for (; ; ) {
            final byte[] b = buf;
            final int lim = limit;
            final byte[] cls = classes;
            final long elemWord = elemPattern;
            final long termWord = termPattern;
            // eight bytes at a time: a word with no delimiter and no control byte is skipped whole;
            // candidates are confirmed through the class table, so a false hit costs one lookup
            while (i <= lim - 8) {
                long w = (long) LONG.get(b, i);
                long m =
                        zeroBytes(w ^ elemWord)
                                | zeroBytes(w ^ termWord)
                                | ((w - 0x2020202020202020L) & ~w & 0x8080808080808080L);
                while (m != 0) {
                    // index of the lowest flagged byte: m has only 0x80 bits, so m & -m is 1 << (8k
                    // + 7)
                    // and the multiply moves k into the top byte (cheaper than
                    // numberOfTrailingZeros
                    // before the JIT's last tier)
                    int j = i + (int) ((((m & -m) >>> 7) * 0x0001020304050607L) >>> 56);
                    int k = cls[b[j] & 0xff];
                    if (k == TERM) {
                        i = j;
                        terminated = true;
                        break outer;
                    }
                    if (k == ELEM) {
                        if (n == starts.length)
                            starts = s.start = java.util.Arrays.copyOf(starts, n * 2);
                        starts[n++] = j + 1;
                    } else if (k == BREAK) {
                        breaks = true;
                    }
                    m &= m - 1;
                }
                i += 8;
            }
            while (i < lim) {
                int k = cls[b[i] & 0xff];
                if (k != 0) {
                    if (k == TERM) {
                        terminated = true;
                        break outer;
                    }
                    if (k == ELEM) {
                        if (n == starts.length)
                            starts = s.start = java.util.Arrays.copyOf(starts, n * 2);
                        starts[n++] = i + 1;
                    } else {
                        breaks = true;
                    }
                }
                i++;
            }
            if (i - pos >= MAX_SEGMENT) {
                cut = true;
                break;
            }
            if (eof) break;
            int shift = fill();
            if (shift != 0) {
                i -= shift;
                for (int k = 0; k < n; k++) starts[k] -= shift;
            }
        }
        int end = i;
        while (end > pos && isWhitespace(buf[end - 1])) end--;
        s.buf = buf;
        s.ordinal = ++ordinal;
        s.offset = base + pos;
        s.componentSeparator = comp;
        s.repetitionSeparator = rep;
        s.end = end;
        s.elements = n;
        // trailing blanks may have swallowed whole empty elements: keep boundaries consistent
        while (s.elements > 1 && starts[s.elements - 1] > end) s.elements--;
        // the id is packed and checked (as validId does) while its bytes are at hand
        boolean valid;
        if (breaks) {
            unwrap(s);
            s.computeTag();
            valid = validId(s);
        } else {
            int idEnd = s.elements > 1 ? starts[1] - 1 : end;
            byte[] b = buf;
            int p = pos;
            switch (idEnd - p) {
                case 2 -> {
                    byte c0 = b[p];
                    byte c1 = b[p + 1];
                    s.tag = (c0 & 0xff) << 8 | (c1 & 0xff);
                    valid = isUpper(c0) && (isUpper(c1) || isDigit(c1));
                }
                case 3 -> {
                    byte c0 = b[p];
                    byte c1 = b[p + 1];
                    byte c2 = b[p + 2];
                    s.tag = (c0 & 0xff) << 16 | (c1 & 0xff) << 8 | (c2 & 0xff);
                    valid =
                            isUpper(c0)
                                    && (isUpper(c1) || isDigit(c1))
                                    && (isUpper(c2) || isDigit(c2));
                }
                default -> {
                    s.computeTag();
                    valid = validId(s);
                }
            }
        }
        pos = terminated ? i + 1 : i;
        if (!terminated && !cut && s.elements >= 1) {
            s.warn(0, "last segment has no terminator");
        }
        if (cut) {
            s.report(0, "segment longer than " + MAX_SEGMENT + " bytes without a terminator: cut");
        }
        if (!valid) {
            problems.add(
                    Problem.error(
                            s.ordinal,
                            null,
                            null,
                            s.offset,
                            "not a segment id at the start of a segment"));
        }
        return s;
    }

    private static final byte TERM = 1;
    private static final byte ELEM = 2;
    private static final byte BREAK = 3;

    /**
     * Byte → TERM, ELEM, BREAK (CR/LF) or 0: one table load per byte instead of three comparisons.
     */
    private final byte[] classes = new byte[256];

    private int classesFor = -1;

    private static final java.lang.invoke.VarHandle LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
                    long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private long elemPattern;
    private long termPattern;

    /**
     * High bit set in each byte of the result where w has a zero byte (exact, no false positives).
     */
    private static long zeroBytes(long w) {
        long t = (w & 0x7f7f7f7f7f7f7f7fL) + 0x7f7f7f7f7f7f7f7fL;
        return ~(t | w | 0x7f7f7f7f7f7f7f7fL);
    }

    private void classify() {
        elemPattern = (elem & 0xffL) * 0x0101010101010101L;
        termPattern = (term & 0xffL) * 0x0101010101010101L;
        java.util.Arrays.fill(classes, (byte) 0);
        classes['\r'] = BREAK;
        classes['\n'] = BREAK;
        classes[elem & 0xff] = ELEM;
        classes[term & 0xff] = TERM;
        classesFor = term << 16 | (elem & 0xff);
    }

    /**
     * CR/LF inside a segment are line wrapping, not data: drop them and recompute the element
     * boundaries.
     */
    private void unwrap(Segment s) {
        int from = s.start[0];
        int w = from;
        boolean dropped = false;
        for (int r = from; r < s.end; r++) {
            byte c = buf[r];
            if (c == '\r' || c == '\n') {
                dropped = true;
                continue;
            }
            buf[w++] = c;
        }
        if (!dropped) return;
        s.end = w;
        int n = 1;
        for (int r = from; r < w; r++) {
            if (buf[r] == elem) {
                if (n == s.start.length) s.start = java.util.Arrays.copyOf(s.start, n * 2);
                s.start[n++] = r + 1;
            }
        }
        s.elements = n;
        if (!wrappedReported) {
            wrappedReported = true;
            s.warn(0, "line breaks inside segments (wrapped lines) ignored");
        }
    }

    private static boolean validId(Segment s) {
        int t = s.tag();
        if (isUpper((byte) (t >>> 16)) && isUpper((byte) (t >>> 8)) && isUpper((byte) t))
            return true;
        int a = s.start[0];
        int len = s.elementEnd(0) - a;
        if (len < 2 || len > 3) return false;
        byte[] b = s.buf;
        if (!isUpper(b[a])) return false;
        for (int k = a + 1; k < a + len; k++) if (!isUpper(b[k]) && !isDigit(b[k])) return false;
        return true;
    }

    /** Skips blanks between segments; false at the end of the input. */
    private boolean skipWhitespace() throws IOException {
        for (; ; ) {
            while (pos < limit && isWhitespace(buf[pos])) pos++;
            if (pos < limit) return true;
            if (eof) return false;
            fill();
        }
    }

    private void ensure(int n) throws IOException {
        while (limit - pos < n && !eof) fill();
    }

    /**
     * Makes sure buf[at .. at+n) is loaded if the input has it; returns the shift applied to
     * indexes.
     */
    private int ensureAt(int at, int n) throws IOException {
        int shift = 0;
        while (limit - at < n && !eof) {
            int s = fill();
            shift += s;
            at -= s;
        }
        return shift;
    }

    /**
     * Moves the unread bytes to the front (or grows the buffer) and reads more; returns the shift.
     */
    private int fill() throws IOException {
        int shift = pos;
        if (shift > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            base += pos;
            pos = 0;
        }
        if (limit == buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        read();
        return shift;
    }

    private void read() throws IOException {
        int r;
        do {
            r = in.read(buf, limit, buf.length - limit);
        } while (r == 0);
        if (r < 0) {
            eof = true;
        } else {
            limit += r;
            bytesSeen = base + limit;
        }
    }

    private static final boolean[] WHITESPACE = new boolean[256];

    static {
        for (int c : new int[] {' ', '\n', '\r', '\t', 0, 0x1A}) WHITESPACE[c] = true;
    }

    public static boolean isWhitespace(byte c) {
        return WHITESPACE[c & 0xff];
    }

    public static boolean isAlnum(byte c) {
        return isUpper(c) || isDigit(c) || (c >= 'a' && c <= 'z');
    }

    public static boolean isUpper(byte c) {
        return c >= 'A' && c <= 'Z';
    }

    public static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
