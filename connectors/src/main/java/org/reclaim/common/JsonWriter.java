package org.reclaim.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.List;

/**
 * A minimal streaming JSON writer with its own buffer. Output is pure ASCII (everything above 0x7E
 * is written as a \\u escape), so it is the same bytes whatever the platform charset. Commas are
 * placed by the writer; callers only open, name and close.
 */
public final class JsonWriter {

    private static final byte[] HEX =
            "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private final OutputStream out;
    private final byte[] buf;
    private int pos;

    /**
     * Per nesting level: has a value already been written there (so the next one needs a comma)?
     */
    private boolean[] filled = new boolean[16];

    private int depth;
    private boolean afterName;

    /** Spaces per level, one member per line; 0 for compact output. */
    private int indent;

    public JsonWriter(OutputStream out) {
        this(out, 1 << 16);
    }

    public JsonWriter(OutputStream out, int bufferSize) {
        this.out = out;
        this.buf = new byte[Math.max(32, bufferSize)];
    }

    /** Pretty output for files a person may open: {@code spaces} per level, one member per line. */
    public JsonWriter indented(int spaces) {
        if (spaces < 0) throw new IllegalArgumentException("indent must be 0 or more");
        this.indent = spaces;
        return this;
    }

    public JsonWriter beginObject() throws IOException {
        return open('{');
    }

    public JsonWriter endObject() throws IOException {
        return close('}');
    }

    public JsonWriter beginArray() throws IOException {
        return open('[');
    }

    public JsonWriter endArray() throws IOException {
        return close(']');
    }

    public JsonWriter name(String name) throws IOException {
        separate();
        quoted(name);
        put((byte) ':');
        if (indent > 0) put((byte) ' ');
        afterName = true;
        return this;
    }

    public JsonWriter value(String s) throws IOException {
        if (s == null) return nullValue();
        separate();
        quoted(s);
        return this;
    }

    public JsonWriter value(long n) throws IOException {
        separate();
        digits(n);
        return this;
    }

    public JsonWriter value(Integer n) throws IOException {
        return n == null ? nullValue() : value(n.longValue());
    }

    public JsonWriter value(boolean b) throws IOException {
        separate();
        put(b ? TRUE : FALSE);
        return this;
    }

    /** A number as written, never in exponent form. */
    public JsonWriter value(java.math.BigDecimal d) throws IOException {
        if (d == null) return nullValue();
        separate();
        ascii(d.toPlainString());
        return this;
    }

    /** An amount as a JSON number with exactly two decimals. */
    public JsonWriter value(Money m) throws IOException {
        if (m == null) return nullValue();
        separate();
        ascii(m.toString());
        return this;
    }

    public JsonWriter value(LocalDate d) throws IOException {
        return d == null ? nullValue() : value(d.toString());
    }

    public JsonWriter value(List<String> strings) throws IOException {
        if (strings == null) return nullValue();
        beginArray();
        for (String s : strings) value(s);
        return endArray();
    }

    public JsonWriter nullValue() throws IOException {
        separate();
        put(NULL);
        return this;
    }

    /**
     * Writes one complete JSON value produced elsewhere (e.g. a spooled array) as the next value.
     */
    public JsonWriter rawValue(InputStream json) throws IOException {
        separate();
        flushBuffer();
        json.transferTo(out);
        return this;
    }

    /** Ends a top-level value with a line feed (JSON Lines). */
    public void newline() throws IOException {
        if (depth != 0) throw new IllegalStateException("unclosed object or array");
        put((byte) '\n');
        filled[0] = false;
    }

    public void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    private JsonWriter open(char c) throws IOException {
        separate();
        put((byte) c);
        if (++depth == filled.length) filled = java.util.Arrays.copyOf(filled, depth * 2);
        filled[depth] = false;
        return this;
    }

    private JsonWriter close(char c) throws IOException {
        if (depth == 0) throw new IllegalStateException("nothing to close");
        boolean any = filled[depth];
        depth--;
        if (any) lineBreak();
        put((byte) c);
        return this;
    }

    private void lineBreak() throws IOException {
        if (indent == 0) return;
        put((byte) '\n');
        for (int i = 0, n = indent * depth; i < n; i++) put((byte) ' ');
    }

    private void separate() throws IOException {
        if (afterName) {
            afterName = false;
            return;
        }
        if (filled[depth] && depth > 0) put((byte) ',');
        filled[depth] = true;
        if (depth > 0) lineBreak();
    }

    private void quoted(String s) throws IOException {
        put((byte) '"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                put((byte) c);
                continue;
            }
            switch (c) {
                case '"' -> put2('\\', '"');
                case '\\' -> put2('\\', '\\');
                case '\n' -> put2('\\', 'n');
                case '\r' -> put2('\\', 'r');
                case '\t' -> put2('\\', 't');
                case '\b' -> put2('\\', 'b');
                case '\f' -> put2('\\', 'f');
                default -> unicodeEscape(c);
            }
        }
        put((byte) '"');
    }

    private void unicodeEscape(char c) throws IOException {
        if (buf.length - pos < 6) flushBuffer();
        buf[pos++] = '\\';
        buf[pos++] = 'u';
        buf[pos++] = HEX[(c >> 12) & 0xf];
        buf[pos++] = HEX[(c >> 8) & 0xf];
        buf[pos++] = HEX[(c >> 4) & 0xf];
        buf[pos++] = HEX[c & 0xf];
    }

    private void digits(long n) throws IOException {
        if (n == Long.MIN_VALUE) {
            ascii(Long.toString(n));
            return;
        }
        if (buf.length - pos < 20) flushBuffer();
        if (n < 0) {
            buf[pos++] = '-';
            n = -n;
        }
        int start = pos;
        do {
            buf[pos++] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n != 0);
        for (int i = start, j = pos - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    /** For text known to be plain ASCII (numbers, dates). */
    private void ascii(String s) throws IOException {
        for (int i = 0, n = s.length(); i < n; i++) put((byte) s.charAt(i));
    }

    private void put2(char a, char b) throws IOException {
        put((byte) a);
        put((byte) b);
    }

    private void put(byte[] bytes) throws IOException {
        for (byte b : bytes) put(b);
    }

    private void put(byte b) throws IOException {
        if (pos == buf.length) flushBuffer();
        buf[pos++] = b;
    }

    private void flushBuffer() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }
}
