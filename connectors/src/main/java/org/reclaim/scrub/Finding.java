package org.reclaim.scrub;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a rule found on a claim.
 *
 * @param rule the rule's id (e.g. {@code tx.npi-check-digit})
 * @param severity an error holds the claim; a warning only flags it
 * @param category the denial category the finding predicts (the playbooks' names: {@code
 *     claim-data}, {@code authorization}, {@code coding}, {@code timely-filing}, ...)
 * @param carc the claim adjustment reason code it predicts, or null when it predicts a rejection
 *     (999/277CA) rather than a denial
 * @param message what is wrong, in words, naming the place (claim, line, element)
 * @param evidence what the rule saw (never more patient data than the finding needs)
 * @param fix a known fix (field → value), or an empty map
 * @param line the 1-based service line it is about, or 0 for the claim
 */
public record Finding(
        String rule,
        Severity severity,
        String category,
        String carc,
        String message,
        Map<String, Object> evidence,
        Map<String, Object> fix,
        int line) {

    /** How bad a finding is. */
    public enum Severity {
        ERROR,
        WARNING;

        /** The API's spelling: {@code error} or {@code warning}. */
        public String wire() {
            return this == ERROR ? "error" : "warning";
        }
    }

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
        fix = fix == null ? Map.of() : Map.copyOf(fix);
    }

    public static Finding error(String rule, String category, String carc, String message) {
        return new Finding(rule, Severity.ERROR, category, carc, message, Map.of(), Map.of(), 0);
    }

    public static Finding warning(String rule, String category, String carc, String message) {
        return new Finding(rule, Severity.WARNING, category, carc, message, Map.of(), Map.of(), 0);
    }

    public Finding atLine(int index) {
        return new Finding(rule, severity, category, carc, message, evidence, fix, index);
    }

    public Finding withEvidence(Map<String, Object> more) {
        Map<String, Object> all = new LinkedHashMap<>(evidence);
        all.putAll(more);
        return new Finding(rule, severity, category, carc, message, all, fix, line);
    }

    public Finding withFix(Map<String, Object> known) {
        return new Finding(rule, severity, category, carc, message, evidence, known, line);
    }

    /** The API's object (docs/prevention.md): keys in a fixed order, absent ones left out. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", rule);
        m.put("severity", severity.wire());
        if (category != null) m.put("category", category);
        if (carc != null) m.put("carc", carc);
        m.put("message", message);
        if (line > 0) m.put("line", line);
        m.put("evidence", new java.util.TreeMap<>(evidence));
        if (!fix.isEmpty()) m.put("fix", new java.util.TreeMap<>(fix));
        return m;
    }
}
