package org.reclaim.workqueue.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A corrected claim against the original, field by field: both in the text form of {@code
 * ClaimDocument} (one record per line, {@code TAG|field|field…}, {@code \} escapes, {@code ^}
 * between a list's items). Records are matched by tag and position among the records of that tag
 * (the second {@code LINE} with the second {@code LINE}); a record only one side has is added or
 * removed as a whole.
 */
final class ClaimFieldDiff {

    /**
     * One difference.
     *
     * @param record the record, as a person reads it ({@code claim}, {@code line 2}, {@code
     *     diagnosis 3})
     * @param field the field's name ({@code frequency code}, {@code modifiers}), or {@code
     *     (record)} when the whole record was added or removed
     * @param before the original's value, null when it had none
     * @param after the corrected claim's value, null when it has none
     */
    record Change(String record, String field, String before, String after) {
        public String kind() {
            return before == null ? "added" : after == null ? "removed" : "changed";
        }
    }

    static final String HEADER = "claim-document|";

    // Field names after the tag, from the layout documented on ClaimDocumentText and the 837P
    // elements they hold (ASC X12N 005010X222A1: CLM, SV1, REF).
    private static final Map<String, List<String>> NAMES =
            Map.of(
                    "CLAIM",
                    List.of(
                            "patient control number",
                            "total charge",
                            "place of service",
                            "frequency code",
                            "provider signature",
                            "assignment",
                            "benefits assigned",
                            "release of information",
                            "patient signature source",
                            "related causes",
                            "accident state",
                            "special program",
                            "delay reason",
                            "payer claim control number (REF*F8)",
                            "prior authorization (REF*G1)",
                            "referral number (REF*9F)"),
                    "LINE",
                    List.of(
                            "code qualifier",
                            "procedure",
                            "modifiers",
                            "description",
                            "charge",
                            "unit basis",
                            "units",
                            "place of service",
                            "diagnosis pointers",
                            "emergency",
                            "from",
                            "to",
                            "line control number (REF*6R)"),
                    "DIAGNOSIS",
                    List.of("qualifier", "code"),
                    "ATTACHMENT",
                    List.of("report type", "transmission", "id qualifier", "control number"),
                    "DATE",
                    List.of("qualifier", "format", "date"),
                    "CLAIM-REF",
                    List.of("qualifier", "value"),
                    "NOTE",
                    List.of("code", "text"));

    private ClaimFieldDiff() {}

    /** Whether a text is in the form this diff reads. */
    static boolean readable(String text) {
        return text != null && text.startsWith(HEADER);
    }

    static List<Change> of(String before, String after) {
        Map<String, List<String>> a = records(before);
        Map<String, List<String>> b = records(after);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String k : a.keySet()) counts.merge(tag(k), index(k), Math::max);
        for (String k : b.keySet()) counts.merge(tag(k), index(k), Math::max);
        List<Change> out = new ArrayList<>();
        for (var e : a.entrySet()) {
            String key = e.getKey();
            String label = label(key, counts);
            List<String> old = e.getValue();
            List<String> now = b.get(key);
            if (now == null) {
                out.add(new Change(label, "(record)", summary(old), null));
                continue;
            }
            for (int i = 0; i < Math.max(old.size(), now.size()); i++) {
                String x = implied(key, i, i < old.size() ? old.get(i) : null);
                String y = implied(key, i, i < now.size() ? now.get(i) : null);
                if (x == null ? y == null : x.equals(y)) continue;
                out.add(new Change(label, name(tag(key), i), x, y));
            }
        }
        for (var e : b.entrySet())
            if (!a.containsKey(e.getKey()))
                out.add(
                        new Change(
                                label(e.getKey(), counts),
                                "(record)",
                                null,
                                summary(e.getValue())));
        return out;
    }

    /** The claim's frequency code (CLM05-3) field, after the tag. */
    private static final int FREQUENCY = 3;

    /**
     * A field's value as the payer reads it: a claim without an explicit frequency code is an
     * original, frequency 1 (CLM05-3, 005010X222A1), so a replacement reads "1 → 7", not "— → 7".
     */
    private static String implied(String key, int field, String value) {
        return value == null && field == FREQUENCY && key.equals("CLAIM#1") ? "1" : value;
    }

    /** Records by {@code TAG#n} (n: 1 for the first of its tag), fields after the tag. */
    private static Map<String, List<String>> records(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            List<String> f = fields(line);
            String tag = f.get(0);
            if (tag.equals("claim-document") || tag.equals("END")) continue;
            int n = seen.merge(tag, 1, Integer::sum);
            out.put(tag + "#" + n, f.subList(1, f.size()));
        }
        return out;
    }

    /** Splits a record at unescaped {@code |}; an empty field is null; lists read "a, b". */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char n = line.charAt(++i);
                cur.append(
                        switch (n) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            default -> n;
                        });
            } else if (c == '^') {
                cur.append(", ");
            } else if (c == '|') {
                out.add(cur.isEmpty() ? null : cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.isEmpty() ? null : cur.toString());
        if (out.get(0) == null) out.set(0, "");
        return out;
    }

    private static String tag(String key) {
        return key.substring(0, key.lastIndexOf('#'));
    }

    private static int index(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf('#') + 1));
    }

    private static String label(String key, Map<String, Integer> counts) {
        String tag = tag(key);
        String name = tag.toLowerCase(java.util.Locale.ROOT).replace('-', ' ');
        return counts.getOrDefault(tag, 1) > 1 ? name + " " + index(key) : name;
    }

    private static String name(String tag, int i) {
        List<String> names = NAMES.get(tag);
        return names != null && i < names.size() ? names.get(i) : "field " + (i + 1);
    }

    private static String summary(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (String f : fields) {
            if (f == null) continue;
            if (b.length() > 0) b.append(" · ");
            b.append(f);
        }
        return b.toString();
    }
}
