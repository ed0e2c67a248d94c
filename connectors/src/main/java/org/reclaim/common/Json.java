package org.reclaim.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the connectors speak: objects, arrays, strings, numbers (always {@link
 * BigDecimal}, never floating point), booleans and null. Objects read as insertion-ordered maps.
 * Written by hand to keep the connectors free of a JSON library; it is not a general-purpose
 * implementation (no streaming, whole documents only).
 */
public final class Json {

    /** Thrown for text that is not JSON. */
    public static final class JsonException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        JsonException(String message) {
            super(message);
        }
    }

    private Json() {}

    public static Object parse(String text) {
        Parser p = new Parser(text);
        p.space();
        Object value = p.value();
        p.space();
        if (p.pos != text.length()) throw p.error("unexpected text after the value");
        return value;
    }

    /** Parses a document that must be one object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) throw new JsonException("expected a JSON object");
        return (Map<String, Object>) value;
    }

    public static String write(Object value) {
        return write(value, 0);
    }

    /** Two-space indentation, one member per line: for files a person may open. */
    public static String writePretty(Object value) {
        return write(value, 2) + "\n";
    }

    /**
     * Through the one JSON writer ({@link JsonWriter}): ASCII out, anything else as a \\u escape.
     */
    private static String write(Object value, int indent) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            JsonWriter w = new JsonWriter(bytes, 4096).indented(indent);
            write(value, w);
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private static void write(Object value, JsonWriter w) throws IOException {
        if (value == null) {
            w.nullValue();
        } else if (value instanceof CharSequence s) {
            w.value(s.toString());
        } else if (value instanceof Boolean b) {
            w.value(b.booleanValue());
        } else if (value instanceof BigDecimal d) {
            w.value(d);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            w.value(((Number) value).longValue());
        } else if (value instanceof Money m) {
            w.value(m);
        } else if (value instanceof Map<?, ?> map) {
            w.beginObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                w.name(String.valueOf(e.getKey()));
                write(e.getValue(), w);
            }
            w.endObject();
        } else if (value instanceof Iterable<?> items) {
            w.beginArray();
            for (Object item : items) write(item, w);
            w.endArray();
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    private static final class Parser {
        private static final int MAX_DEPTH = 64;
        final String s;
        int pos;
        int depth;

        Parser(String s) {
            this.s = s;
        }

        JsonException error(String message) {
            return new JsonException(message + " at offset " + pos);
        }

        void space() {
            while (pos < s.length()
                    && (s.charAt(pos) == ' '
                            || s.charAt(pos) == '\n'
                            || s.charAt(pos) == '\r'
                            || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        Object value() {
            if (pos >= s.length()) throw error("unexpected end");
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) yield number();
                    throw error("unexpected character '" + c + "'");
                }
            };
        }

        Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) throw error("expected " + word);
            pos += word.length();
            return value;
        }

        Map<String, Object> object() {
            if (++depth > MAX_DEPTH) throw error("nested too deep");
            pos++;
            Map<String, Object> map = new LinkedHashMap<>();
            space();
            if (peek() == '}') {
                pos++;
                depth--;
                return map;
            }
            while (true) {
                space();
                if (peek() != '"') throw error("expected a member name");
                String key = string();
                space();
                if (peek() != ':') throw error("expected ':'");
                pos++;
                space();
                map.put(key, value());
                space();
                char c = peek();
                pos++;
                if (c == '}') break;
                if (c != ',') throw error("expected ',' or '}'");
            }
            depth--;
            return map;
        }

        List<Object> array() {
            if (++depth > MAX_DEPTH) throw error("nested too deep");
            pos++;
            List<Object> list = new ArrayList<>();
            space();
            if (peek() == ']') {
                pos++;
                depth--;
                return list;
            }
            while (true) {
                space();
                list.add(value());
                space();
                char c = peek();
                pos++;
                if (c == ']') break;
                if (c != ',') throw error("expected ',' or ']'");
            }
            depth--;
            return list;
        }

        char peek() {
            if (pos >= s.length()) throw error("unexpected end");
            return s.charAt(pos);
        }

        String string() {
            pos++;
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = peek();
                pos++;
                if (c == '"') return out.toString();
                if (c < 0x20) throw error("control character in a string");
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = peek();
                pos++;
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (pos + 4 > s.length()) throw error("short \\u escape");
                        try {
                            out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
            }
        }

        BigDecimal number() {
            int start = pos;
            if (peek() == '-') pos++;
            while (pos < s.length() && "0123456789.eE+-".indexOf(s.charAt(pos)) >= 0) pos++;
            try {
                return new BigDecimal(s.substring(start, pos));
            } catch (NumberFormatException e) {
                pos = start;
                throw error("bad number");
            }
        }
    }
}
