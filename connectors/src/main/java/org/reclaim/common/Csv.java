package org.reclaim.common;

import java.util.ArrayList;
import java.util.List;

/**
 * The one CSV reader (RFC 4180): fields separated by commas, a field may be quoted, a quote inside
 * a quoted field is doubled, a quoted field may span lines; CRLF or LF line ends; a leading
 * byte-order mark and blank lines are skipped. Every record remembers the line it starts on, and
 * text that breaks these rules is a {@link Malformed} naming its line, so callers can report {@code
 * file:line}.
 */
public final class Csv {

    /** One record: its fields as written (not trimmed) and the 1-based line it starts on. */
    public record Record(int line, List<String> fields) {

        public Record {
            fields = List.copyOf(fields);
        }
    }

    /** Text that is not CSV, at a line. */
    public static final class Malformed extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final int line;
        private final String reason;

        Malformed(int line, String reason) {
            super("line " + line + ": " + reason);
            this.line = line;
            this.reason = reason;
        }

        public int line() {
            return line;
        }

        public String reason() {
            return reason;
        }
    }

    private Csv() {}

    /** Every record of {@code text}, the header row included. */
    public static List<Record> records(String text) {
        return records(text, 1);
    }

    /**
     * The records of {@code text}, whose first line is line {@code firstLine} of its file (for a
     * caller that reads a file line by line and wants a bad line to spoil only itself).
     */
    public static List<Record> records(String text, int firstLine) {
        List<Record> records = new ArrayList<>();
        int n = text.length();
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        int line = firstLine;
        while (i < n) {
            int start = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            boolean end = false;
            while (i < n && !end) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') line++;
                        field.append(c);
                    }
                } else if (c == '"') {
                    if (!field.toString().isBlank() || wasQuoted)
                        throw new Malformed(line, "a quote inside an unquoted field");
                    field.setLength(0);
                    quoted = true;
                    wasQuoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') i++;
                    line++;
                    end = true;
                } else {
                    if (wasQuoted && !Character.isWhitespace(c))
                        throw new Malformed(line, "text after a closing quote");
                    if (!wasQuoted) field.append(c);
                }
                i++;
            }
            if (quoted) throw new Malformed(start, "a quoted field is never closed");
            fields.add(field.toString());
            if (fields.size() == 1 && fields.get(0).isBlank() && !wasQuoted) continue; // blank line
            records.add(new Record(start, fields));
        }
        return records;
    }
}
