package org.reclaim.drafting;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One coding correction an operator allows, read from a rules file (the agent's {@code
 * config/coding-rules.yml}): add {@code modifier} to a line whose procedure is one of {@code
 * procedures}, when the claim also bills, on the same date, a procedure of {@code sameDayWith}
 * (none named: no such condition), and a document on file for the claim states one of the {@code
 * evidence} phrases. Nothing here is a code table: the rule names the codes it needs.
 *
 * @param id how operators and the step log name the rule
 * @param source the public source the rule follows (a CMS manual chapter and section)
 * @param carcs the denial reasons it answers; empty: any
 * @param modifier the two-character modifier it adds
 * @param procedures codes or ranges ({@code 99202-99215}) of the line that gets the modifier
 * @param sameDayWith codes or ranges another line of the same date must bill; empty: none needed
 * @param evidence phrases (regular expressions, matched case-insensitively, any run of spaces or
 *     line breaks standing for a space) one of which a document must contain
 * @param sameCodeSameDay the line must be a repeat: another line bills the same code on the same
 *     date (modifiers 76, 77, 91)
 * @param where where the rule was read from ({@code file:line}), for messages
 */
public record CodingRule(
        String id,
        String source,
        Set<String> carcs,
        String modifier,
        List<String> procedures,
        List<String> sameDayWith,
        List<Pattern> evidence,
        boolean sameCodeSameDay,
        String where) {

    public CodingRule {
        id = Checks.required("id", id);
        source = Checks.required("source", source);
        carcs = carcs == null ? Set.of() : Set.copyOf(carcs);
        modifier = Checks.matching("modifier", modifier, Checks.MODIFIER);
        procedures = List.copyOf(procedures);
        if (procedures.isEmpty()) throw new IllegalArgumentException("procedures is required");
        for (String p : procedures) range(p);
        sameDayWith = sameDayWith == null ? List.of() : List.copyOf(sameDayWith);
        for (String p : sameDayWith) range(p);
        evidence = List.copyOf(evidence);
        if (evidence.isEmpty()) throw new IllegalArgumentException("evidence is required");
        where = where == null ? id : where;
    }

    /** A phrase as a rule file writes it, compiled the way rules match it. */
    public static Pattern phrase(String text) {
        // a space stands for any run of spaces or line breaks; " *", " ?" and " +" keep their
        // quantifier
        String p =
                Checks.required("evidence", text)
                        .strip()
                        .replace(" *", "\\s*")
                        .replace(" ?", "\\s?")
                        .replace(" +", "\\s+")
                        .replace(" ", "\\s+");
        return Pattern.compile(p, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** Why a code or range cannot stand in a rule, or null when it can. */
    public static String rangeProblem(String codeOrRange) {
        try {
            range(codeOrRange);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String[] range(String codeOrRange) {
        String[] parts = Checks.required("procedure", codeOrRange).split("-", -1);
        if (parts.length > 2)
            throw new IllegalArgumentException("'" + codeOrRange + "' is not a code or a range");
        for (String p : parts) {
            if (!Checks.PROCEDURE.matcher(p.strip().toUpperCase(Locale.ROOT)).matches())
                throw new IllegalArgumentException("'" + p.strip() + "' is not a CPT/HCPCS code");
        }
        if (parts.length == 2 && parts[0].strip().compareTo(parts[1].strip()) > 0)
            throw new IllegalArgumentException(
                    "the range '" + codeOrRange + "' ends before it starts");
        return parts;
    }

    static boolean in(List<String> ranges, String procedure) {
        if (procedure == null) return false;
        String p = procedure.toUpperCase(Locale.ROOT);
        for (String r : ranges) {
            String[] parts = range(r);
            String lo = parts[0].strip().toUpperCase(Locale.ROOT);
            String hi = parts.length == 2 ? parts[1].strip().toUpperCase(Locale.ROOT) : lo;
            if (p.length() == lo.length() && p.compareTo(lo) >= 0 && p.compareTo(hi) <= 0)
                return true;
        }
        return false;
    }

    private static final Pattern NEGATION =
            Pattern.compile(
                    "\\b(no|not|without|never|neither|nor|denies|denied|isn't|wasn't)\\b",
                    Pattern.CASE_INSENSITIVE);

    /**
     * The first evidence phrase found in the text, as it is written there; null when none. A phrase
     * negated earlier in its sentence ("the visit was not significant and separately identifiable")
     * does not count.
     */
    String found(String text) {
        if (text == null) return null;
        for (Pattern e : evidence) {
            Matcher m = e.matcher(text);
            while (m.find()) {
                String before = text.substring(Math.max(0, m.start() - 60), m.start());
                int stop =
                        Math.max(
                                Math.max(before.lastIndexOf('.'), before.lastIndexOf(';')),
                                Math.max(before.lastIndexOf('\n'), before.lastIndexOf(':')));
                if (stop >= 0) before = before.substring(stop + 1);
                if (NEGATION.matcher(before).find()) continue;
                String words = m.group().replaceAll("\\s+", " ").replace('"', '\'');
                return words.length() <= 80 ? words : words.substring(0, 80) + "…";
            }
        }
        return null;
    }
}
