package org.reclaim.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 4180 CSV with a header row, read whole, every record remembering the line it starts on so that
 * a bad value can be reported as {@code file:line}.
 */
final class Csv {

    record Row(ConfigFile file, int line, Map<String, String> values) {

        /** The value of a column, "" when empty. */
        String get(String column) {
            String v = values.get(column);
            return v == null ? "" : v;
        }

        String required(String column) {
            String v = get(column);
            if (v.isEmpty()) throw file.problem(line, "column '" + column + "' is empty");
            return v;
        }

        TriageConfigException problem(String reason) {
            return file.problem(line, reason);
        }
    }

    private Csv() {
    }

    static List<Row> read(ConfigFile file, String... requiredColumns) {
        List<List<String>> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String text = file.text();
        int n = text.length();
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        int line = 1;
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
                    if (field.length() > 0 || wasQuoted) {
                        throw file.problem(line, "a quote inside an unquoted field");
                    }
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
                    if (wasQuoted) throw file.problem(line, "text after a closing quote");
                    field.append(c);
                }
                i++;
            }
            if (quoted) throw file.problem(start, "a quoted field is never closed");
            fields.add(field.toString());
            if (fields.size() == 1 && fields.get(0).isBlank() && !wasQuoted) continue; // blank line
            records.add(fields);
            lines.add(start);
        }
        if (records.isEmpty()) throw file.problem(0, "the file is empty: a header row is required");
        List<String> header = records.get(0);
        for (String required : requiredColumns) {
            if (!header.contains(required)) throw file.problem(lines.get(0), "missing column '" + required + "'");
        }
        List<Row> rows = new ArrayList<>(records.size() - 1);
        for (int r = 1; r < records.size(); r++) {
            List<String> fields = records.get(r);
            if (fields.size() != header.size()) {
                throw file.problem(lines.get(r),
                        "expected " + header.size() + " fields as in the header, found " + fields.size());
            }
            Map<String, String> values = new HashMap<>(header.size() * 2);
            for (int c = 0; c < header.size(); c++) values.put(header.get(c), fields.get(c).trim());
            rows.add(new Row(file, lines.get(r), values));
        }
        return rows;
    }
}
