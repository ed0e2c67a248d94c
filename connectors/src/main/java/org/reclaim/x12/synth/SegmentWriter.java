package org.reclaim.x12.synth;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Writes X12 segments as ASCII bytes with '*' elements, ':' components and '~' terminators. Works
 * either streaming (flushes to {@code out} whenever its buffer fills) or, with no {@code out}, as a
 * growable in-memory buffer that is later copied into another writer — the 835 needs that to write
 * BPR02 before the claims it sums.
 */
final class SegmentWriter {

    static final byte ELEMENT = '*';
    static final byte COMPONENT = ':';
    static final byte TERMINATOR = '~';

    private static final int FLUSH_AT = 1 << 16;

    private final OutputStream out;
    private final boolean lineBreaks;
    private byte[] buf;
    private int pos;
    private long flushed;
    private long segments;

    SegmentWriter(OutputStream out, boolean lineBreaks) {
        this.out = out;
        this.lineBreaks = lineBreaks;
        this.buf = new byte[out == null ? 1 << 14 : FLUSH_AT + 4096];
    }

    /** Starts a segment: counts it and writes its id. */
    SegmentWriter seg(String id) {
        segments++;
        ascii(id);
        return this;
    }

    SegmentWriter e(String value) {
        put(ELEMENT);
        if (value != null) ascii(value);
        return this;
    }

    /** An empty element. */
    SegmentWriter e() {
        put(ELEMENT);
        return this;
    }

    /** {@code n} empty elements. */
    SegmentWriter skip(int n) {
        for (int i = 0; i < n; i++) put(ELEMENT);
        return this;
    }

    SegmentWriter e(long number) {
        put(ELEMENT);
        number(number);
        return this;
    }

    /**
     * An amount in cents as an X12 R value with no superfluous zeros: 12300 → "123", 12350 →
     * "123.5".
     */
    SegmentWriter money(long cents) {
        put(ELEMENT);
        if (cents < 0) {
            put((byte) '-');
            cents = -cents;
        }
        number(cents / 100);
        int fraction = (int) (cents % 100);
        if (fraction != 0) {
            put((byte) '.');
            put((byte) ('0' + fraction / 10));
            if (fraction % 10 != 0) put((byte) ('0' + fraction % 10));
        }
        return this;
    }

    /** CCYYMMDD. */
    SegmentWriter date(LocalDate d) {
        put(ELEMENT);
        date8(d);
        return this;
    }

    /** A component of the current composite element (writes ':' then the value). */
    SegmentWriter c(String value) {
        put(COMPONENT);
        if (value != null) ascii(value);
        return this;
    }

    /** Raw text inside the current element, no separator. */
    SegmentWriter raw(String value) {
        ascii(value);
        return this;
    }

    void end() {
        put(TERMINATOR);
        if (lineBreaks) put((byte) '\n');
        if (out != null && pos >= FLUSH_AT) flush();
    }

    long segments() {
        return segments;
    }

    void resetSegments() {
        segments = 0;
    }

    /** Bytes written so far, flushed or not. */
    long bytes() {
        return flushed + pos;
    }

    /** Appends this (buffer-only) writer's content to {@code target} and empties it. */
    void drainTo(SegmentWriter target) {
        target.put(buf, 0, pos);
        target.segments += segments;
        pos = 0;
        segments = 0;
        if (target.out != null && target.pos >= FLUSH_AT) target.flush();
        if (buf.length > 1 << 22) buf = new byte[1 << 14];
    }

    void flush() {
        if (out == null) return;
        try {
            out.write(buf, 0, pos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        flushed += pos;
        pos = 0;
    }

    private void date8(LocalDate d) {
        int y = d.getYear();
        int m = d.getMonthValue();
        int day = d.getDayOfMonth();
        ensure(8);
        buf[pos++] = (byte) ('0' + y / 1000);
        buf[pos++] = (byte) ('0' + y / 100 % 10);
        buf[pos++] = (byte) ('0' + y / 10 % 10);
        buf[pos++] = (byte) ('0' + y % 10);
        buf[pos++] = (byte) ('0' + m / 10);
        buf[pos++] = (byte) ('0' + m % 10);
        buf[pos++] = (byte) ('0' + day / 10);
        buf[pos++] = (byte) ('0' + day % 10);
    }

    private void number(long n) {
        if (n < 0) {
            put((byte) '-');
            n = -n;
        }
        if (n < 10) {
            put((byte) ('0' + n));
            return;
        }
        ensure(20);
        int start = pos;
        while (n > 0) {
            buf[pos++] = (byte) ('0' + n % 10);
            n /= 10;
        }
        for (int i = start, j = pos - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) buf[pos++] = (byte) s.charAt(i);
    }

    private void put(byte b) {
        if (pos == buf.length) grow(1);
        buf[pos++] = b;
    }

    private void put(byte[] src, int from, int len) {
        ensure(len);
        System.arraycopy(src, from, buf, pos, len);
        pos += len;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) grow(n);
    }

    private void grow(int n) {
        if (out != null && pos > 0) {
            flush();
            if (pos + n <= buf.length) return;
        }
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
}
