package org.reclaim.drafting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies {@link CodingRule}s to a denied claim: which modifiers the documents on file support,
 * line by line, each with the rule and the document that support it. The offline drafter makes
 * these changes; a model's proposed modifiers must be among them.
 */
public final class CodingRules {

    private CodingRules() {}

    /**
     * A modifier a rule adds to a line, and why.
     *
     * @param document the name of the document where the evidence stands
     * @param phrase the words found there (a clinical statement, no identifier)
     */
    public record Finding(CodingRule rule, int line, String document, String phrase) {

        /** "modifier 25 on line 1 (rule em-25-minor-procedure, visit-note.txt: ...)" */
        public String describe() {
            return "modifier "
                    + rule.modifier()
                    + " on line "
                    + line
                    + " (rule "
                    + rule.id()
                    + ", "
                    + rule.source()
                    + "; "
                    + document
                    + ": \""
                    + phrase
                    + "\")";
        }
    }

    /** What the rules support for this denial, in rule order; empty when nothing is supported. */
    public static List<Finding> findings(CorrectionFacts f) {
        List<Finding> out = new ArrayList<>();
        for (CodingRule rule : f.codingRules()) {
            if (!rule.carcs().isEmpty() && !rule.carcs().contains(f.carc())) continue;
            for (int n = 1; n <= ClaimFields.MAX_LINES; n++) {
                String procedure = f.original(ClaimFields.line(n, "procedure"));
                if (procedure == null) break;
                // a denied line is the one corrected
                if (f.deniedLine() != null && f.deniedLine() != n) continue;
                if (!CodingRule.in(rule.procedures(), procedure)) continue;
                List<String> mods =
                        ClaimFields.modifiers(f.original(ClaimFields.line(n, "modifiers")));
                if (mods.contains(rule.modifier())) continue;
                if (!rule.sameDayWith().isEmpty() && !companion(f, rule, n)) continue;
                if (rule.sameCodeSameDay() && !repeat(f, n)) continue;
                for (Map.Entry<String, String> d : f.documents().entrySet()) {
                    String phrase = rule.found(d.getValue());
                    if (phrase != null) {
                        out.add(new Finding(rule, n, d.getKey(), phrase));
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** Modifiers of which a line carries one at most: each says the service was distinct. */
    static final Set<String> DISTINCT = Set.of("59", "XE", "XP", "XS", "XU");

    /**
     * The findings that make a change, in order: a line takes one distinct-service modifier (the
     * first rule that found its evidence) and four modifiers at most.
     */
    public static List<Finding> applied(CorrectionFacts f, List<Finding> findings) {
        Map<Integer, List<String>> next = new LinkedHashMap<>();
        List<Finding> out = new ArrayList<>();
        for (Finding x : findings) {
            List<String> mods = next.computeIfAbsent(x.line(), n -> modifiers(f, n));
            String mod = x.rule().modifier();
            if (mods.contains(mod) || mods.size() >= 4) continue;
            if (DISTINCT.contains(mod) && mods.stream().anyMatch(DISTINCT::contains)) continue;
            mods.add(mod);
            out.add(x);
        }
        return out;
    }

    /** The applied findings as changes of the lines' modifiers (several on one line combined). */
    public static List<FieldChange> changes(CorrectionFacts f, List<Finding> findings) {
        Map<Integer, List<String>> next = new LinkedHashMap<>();
        for (Finding x : applied(f, findings)) {
            next.computeIfAbsent(x.line(), n -> modifiers(f, n)).add(x.rule().modifier());
        }
        List<FieldChange> out = new ArrayList<>();
        next.forEach(
                (n, mods) -> {
                    String field = ClaimFields.line(n, "modifiers");
                    String from = f.original(field);
                    String to = String.join(",", mods);
                    if (!to.equals(from == null ? "" : from))
                        out.add(new FieldChange(field, from, to));
                });
        return out;
    }

    private static List<String> modifiers(CorrectionFacts f, int line) {
        return new ArrayList<>(
                ClaimFields.modifiers(f.original(ClaimFields.line(line, "modifiers"))));
    }

    private static boolean repeat(CorrectionFacts f, int line) {
        String procedure = f.original(ClaimFields.line(line, "procedure"));
        String date = f.original(ClaimFields.line(line, "serviceDate"));
        for (int m = 1; m <= ClaimFields.MAX_LINES; m++) {
            String other = f.original(ClaimFields.line(m, "procedure"));
            if (other == null) break;
            if (m != line
                    && other.equals(procedure)
                    && java.util.Objects.equals(
                            date, f.original(ClaimFields.line(m, "serviceDate")))) return true;
        }
        return false;
    }

    private static boolean companion(CorrectionFacts f, CodingRule rule, int line) {
        String date = f.original(ClaimFields.line(line, "serviceDate"));
        for (int m = 1; m <= ClaimFields.MAX_LINES; m++) {
            String other = f.original(ClaimFields.line(m, "procedure"));
            if (other == null) break;
            if (m == line || !CodingRule.in(rule.sameDayWith(), other)) continue;
            String otherDate = f.original(ClaimFields.line(m, "serviceDate"));
            if (date == null || otherDate == null || date.equals(otherDate)) return true;
        }
        return false;
    }
}
