package org.reclaim.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.UUID;
import org.reclaim.common.Money;

/**
 * Rows for one table in PostgreSQL's COPY text format, spooled to a temporary file so that a file
 * of any size is stored in constant memory. Values are escaped per the COPY text rules (backslash,
 * tab, newline, carriage return); null is {@code \N}; arrays are written as quoted array literals.
 * Rows are encoded straight to UTF-8 bytes: this runs for every claim, line and adjustment of a
 * file.
 */
final class CopySpool implements Closeable {

    private static final byte[] HEX =
            "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int FLUSH_AT = 60 * 1024;

    /**
     * Rows go to a new segment file past this size, and each segment is sent as its own COPY: the
     * driver buffers what it is given faster than the socket drains, so one unbounded COPY of a 1
     * GB file would hold hundreds of megabytes in memory.
     */
    static final long SEGMENT_BYTES = 8L * 1024 * 1024;

    final String table;
    final String columns;
    private final Path dir;
    private final java.util.List<Path> segments = new java.util.ArrayList<>();
    private OutputStream out;
    private long segmentBytes;
    private byte[] buf = new byte[64 * 1024];
    private int len;
    private long rows;
    private boolean first = true;
    private final StringBuilder literal = new StringBuilder(32);

    /** One finished segment file of a spool: whole rows, ready for its own COPY. */
    record Segment(CopySpool spool, Path path) {
        void delete() {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // the spool deletes what is left when it is closed
            }
        }
    }

    /** Told of each finished segment, so it can be copied while the file is still being read. */
    interface SegmentListener {
        void ready(CopySpool spool, Path segment);
    }

    private final long segmentLimit;
    private final SegmentListener listener;

    CopySpool(Path dir, String table, String columns) {
        this(dir, table, columns, SEGMENT_BYTES, null);
    }

    CopySpool(Path dir, String table, String columns, long segmentLimit, SegmentListener listener) {
        this.segmentLimit = segmentLimit;
        this.listener = listener;
        this.table = table;
        this.columns = columns;
        this.dir = dir;
        newSegment();
    }

    private void newSegment() {
        try {
            Path p = Files.createTempFile(dir, "reclaim-" + table + "-", ".copy");
            segments.add(p);
            out = Files.newOutputStream(p);
            segmentBytes = 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /*
     * PostgreSQL refuses COPY FROM into a table under row-level security (every tenant table is, see
     * V5__tenancy.sql), so rows are copied into a temporary staging table without policies and then
     * moved with one INSERT ... SELECT, which the policies check. The staging table lives only in
     * the storing transaction.
     */
    String stageSql() {
        return "CREATE TEMP TABLE IF NOT EXISTS stage_"
                + table
                + " (LIKE "
                + table
                + " INCLUDING DEFAULTS) ON COMMIT DROP";
    }

    String copySql() {
        return "COPY stage_" + table + " (" + columns + ") FROM STDIN";
    }

    /**
     * Moves the staged rows into the table (through its row-level security) and drops the stage.
     */
    String[] flushSql() {
        return new String[] {
            "INSERT INTO "
                    + table
                    + " ("
                    + columns
                    + ") SELECT "
                    + columns
                    + " FROM stage_"
                    + table,
            "DROP TABLE stage_" + table
        };
    }

    /** True when finished segments are handed to a listener rather than copied after the read. */
    boolean streamed() {
        return listener != null;
    }

    /** The spooled rows, as files of whole rows, each at most about {@link #SEGMENT_BYTES}. */
    java.util.List<Path> segments() {
        return segments;
    }

    long rows() {
        return rows;
    }

    CopySpool add(String value) {
        sep();
        if (value == null) nul();
        else escape(value);
        return this;
    }

    CopySpool add(UUID value) {
        sep();
        if (value == null) {
            nul();
            return this;
        }
        room(36);
        hex(value.getMostSignificantBits() >>> 32, 8);
        buf[len++] = '-';
        hex(value.getMostSignificantBits() >>> 16, 4);
        buf[len++] = '-';
        hex(value.getMostSignificantBits(), 4);
        buf[len++] = '-';
        hex(value.getLeastSignificantBits() >>> 48, 4);
        buf[len++] = '-';
        hex(value.getLeastSignificantBits(), 12);
        return this;
    }

    CopySpool add(Money value) {
        sep();
        if (value == null) {
            nul();
            return this;
        }
        long c = value.cents();
        room(24);
        if (c < 0) {
            buf[len++] = '-';
            c = -c; // Money never holds Long.MIN_VALUE: parsed amounts are bounded by Math.*Exact
        }
        digits(c / 100);
        buf[len++] = '.';
        long f = c % 100;
        buf[len++] = (byte) ('0' + f / 10);
        buf[len++] = (byte) ('0' + f % 10);
        return this;
    }

    CopySpool add(long value) {
        sep();
        room(21);
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                ascii(Long.toString(value));
                return this;
            }
            buf[len++] = '-';
            value = -value;
        }
        digits(value);
        return this;
    }

    CopySpool add(Integer value) {
        if (value == null) {
            sep();
            nul();
            return this;
        }
        return add(value.longValue());
    }

    CopySpool add(boolean value) {
        sep();
        room(1);
        buf[len++] = (byte) (value ? 't' : 'f');
        return this;
    }

    /**
     * A date PostgreSQL cannot hold (year 0, five-digit years from a garbled file) is stored as
     * unknown.
     */
    CopySpool add(LocalDate value) {
        sep();
        if (value == null || value.getYear() < 1 || value.getYear() > 9999) {
            nul();
            return this;
        }
        room(10);
        fixed(value.getYear(), 4);
        buf[len++] = '-';
        fixed(value.getMonthValue(), 2);
        buf[len++] = '-';
        fixed(value.getDayOfMonth(), 2);
        return this;
    }

    CopySpool add(BigDecimal value) {
        sep();
        if (value == null) nul();
        else ascii(value.toPlainString());
        return this;
    }

    /** A text[] (or int[]) value: {"a","b"} with array quoting, then COPY escaping. */
    CopySpool addArray(Collection<?> values) {
        sep();
        if (values == null) {
            nul();
            return this;
        }
        if (values.isEmpty()) {
            ascii("{}");
            return this;
        }
        StringBuilder l = literal;
        l.setLength(0);
        l.append('{');
        boolean firstItem = true;
        for (Object v : values) {
            if (!firstItem) l.append(',');
            firstItem = false;
            if (v == null) {
                l.append("NULL");
                continue;
            }
            l.append('"');
            String s = v.toString();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') l.append('\\');
                l.append(c);
            }
            l.append('"');
        }
        escape(l.append('}'));
        return this;
    }

    void endRow() {
        room(1);
        buf[len++] = '\n';
        first = true;
        rows++;
        if (len >= FLUSH_AT) flush();
        if (segmentBytes + len >= segmentLimit) {
            flush();
            endSegment();
            newSegment();
        }
    }

    /** Closes the current segment and hands it to the listener, if any. */
    private void endSegment() {
        closeSegment();
        if (listener != null) listener.ready(this, segments.get(segments.size() - 1));
    }

    private void closeSegment() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sep() {
        if (!first) {
            room(1);
            buf[len++] = '\t';
        }
        first = false;
    }

    private void nul() {
        room(2);
        buf[len++] = '\\';
        buf[len++] = 'N';
    }

    private void escape(CharSequence s) {
        int n = s.length();
        room(n * 3);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> {
                        buf[len++] = '\\';
                        buf[len++] = '\\';
                    }
                    case '\t' -> {
                        buf[len++] = '\\';
                        buf[len++] = 't';
                    }
                    case '\n' -> {
                        buf[len++] = '\\';
                        buf[len++] = 'n';
                    }
                    case '\r' -> {
                        buf[len++] = '\\';
                        buf[len++] = 'r';
                    }
                    case '\0' -> {} // PostgreSQL text cannot hold NUL; X12 text never needs it
                    default -> buf[len++] = (byte) c;
                }
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                buf[len++] = '?'; // X12 text is single-byte: a lone surrogate cannot come from it
            } else {
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private void ascii(String s) {
        room(s.length());
        for (int i = 0; i < s.length(); i++) buf[len++] = (byte) s.charAt(i);
    }

    private void hex(long v, int digits) {
        for (int i = digits - 1; i >= 0; i--) buf[len++] = HEX[(int) (v >>> (i * 4)) & 0xF];
    }

    private void digits(long v) {
        if (v == 0) {
            buf[len++] = '0';
            return;
        }
        int start = len;
        while (v > 0) {
            buf[len++] = (byte) ('0' + v % 10);
            v /= 10;
        }
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void fixed(int v, int width) {
        for (int i = width - 1; i >= 0; i--) {
            buf[len + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += width;
    }

    private void room(int n) {
        if (len + n > buf.length) {
            flush();
            if (n > buf.length) buf = new byte[n];
        }
    }

    private void flush() {
        segmentBytes += len;
        try {
            out.write(buf, 0, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        len = 0;
    }

    /** No rows may follow: the last segment is closed (and handed over when streamed). */
    void finish() {
        flush();
        endSegment();
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // already failing or done; the file is deleted next
        }
        for (Path p : segments) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
