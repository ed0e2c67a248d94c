package org.reclaim.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration CSV with a header row, read whole by the one CSV reader ({@code common.Csv}),
 * every row remembering the line it starts on so that a bad value can be reported as {@code
 * file:line}.
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

    private Csv() {}

    static List<Row> read(ConfigFile file, String... requiredColumns) {
        List<org.reclaim.common.Csv.Record> all;
        try {
            all = org.reclaim.common.Csv.records(file.text());
        } catch (org.reclaim.common.Csv.Malformed e) {
            throw file.problem(e.line(), e.reason());
        }
        List<List<String>> records = new ArrayList<>(all.size());
        List<Integer> lines = new ArrayList<>(all.size());
        for (var r : all) {
            records.add(r.fields());
            lines.add(r.line());
        }
        if (records.isEmpty()) throw file.problem(0, "the file is empty: a header row is required");
        List<String> header = records.get(0);
        for (String required : requiredColumns) {
            if (!header.contains(required))
                throw file.problem(lines.get(0), "missing column '" + required + "'");
        }
        List<Row> rows = new ArrayList<>(records.size() - 1);
        for (int r = 1; r < records.size(); r++) {
            List<String> fields = records.get(r);
            if (fields.size() != header.size()) {
                throw file.problem(
                        lines.get(r),
                        "expected "
                                + header.size()
                                + " fields as in the header, found "
                                + fields.size());
            }
            Map<String, String> values = new HashMap<>(header.size() * 2);
            for (int c = 0; c < header.size(); c++) values.put(header.get(c), fields.get(c).trim());
            rows.add(new Row(file, lines.get(r), values));
        }
        return rows;
    }
}
