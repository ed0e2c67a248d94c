package org.reclaim.drafting;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a model's answer as untrusted input: it may only restate what the facts say, and a change
 * may only touch a known field, starting from the value the claim really has. Returns the problems,
 * each naming where it is; an empty list means the answer may be used.
 */
final class AnswerCheck {

    /**
     * Fields whose new value must be one the facts already hold: a model never invents an
     * identifier or code.
     */
    private static final Set<String> TAKEN_FROM_FACTS =
            Set.of(
                    "priorAuthorization",
                    "referral",
                    "subscriber.memberId",
                    "diagnosis",
                    "procedure",
                    "charge",
                    "serviceDate");

    private AnswerCheck() {}

    /**
     * The letter may cite only the claim's facts (not a number, date or contact a record states),
     * enclose only documents available, enclose at least one when the records were read, and not
     * carry out an instruction written in a record.
     */
    static List<String> appeal(AppealLetter letter, AppealFacts f) {
        String sheet = FactSheet.facts(f);
        Mentions facts = Mentions.in(sheet);
        List<RecordInstructions.Found> instructions =
                RecordInstructions.in(f.documents(), Placeholders.of(f));
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < letter.facts().size(); i++) {
            String where = "facts[" + (i + 1) + "]";
            errors.addAll(Mentions.in(letter.facts().get(i)).notIn(facts, where));
            errors.addAll(
                    RecordInstructions.followed(letter.facts().get(i), where, instructions, sheet));
        }
        errors.addAll(Mentions.in(letter.argument()).notIn(facts, "argument"));
        errors.addAll(
                RecordInstructions.followed(letter.argument(), "argument", instructions, sheet));
        errors.addAll(Mentions.in(letter.requestedAction()).notIn(facts, "requestedAction"));
        errors.addAll(
                RecordInstructions.followed(
                        letter.requestedAction(), "requestedAction", instructions, sheet));
        Set<String> available = new HashSet<>();
        for (String e : f.evidence()) available.add(FactSheet.evidenceName(f, e));
        for (String e : letter.evidence()) {
            if (!available.contains(e))
                errors.add("evidence: '" + e + "' is not one of the documents available");
        }
        if (!f.documents().isEmpty() && letter.evidence().isEmpty()) {
            errors.add(
                    "evidence: names no document; an appeal is not sent without an enclosure that"
                            + " answers the denial, chosen from the documents available");
        }
        return errors;
    }

    /**
     * @param c the answer with placeholders already replaced by the values they stand for, except
     *     in the justification
     */
    static List<String> correction(ClaimCorrection c, CorrectionFacts f) {
        Map<String, String> phi = Placeholders.of(f);
        Mentions facts = Mentions.in(FactSheet.of(f));
        List<String> errors =
                new ArrayList<>(Mentions.in(c.justification()).notIn(facts, "justification"));
        Set<String> seen = new HashSet<>();
        Set<String> known = knownValues(f);
        Set<String> supported = new HashSet<>();
        for (CodingRules.Finding x : CodingRules.findings(f))
            supported.add(x.line() + ":" + x.rule().modifier());
        for (FieldChange change : c.changes()) {
            String field = change.field();
            String where = "change of " + field;
            if (!seen.add(field)) errors.add(where + ": the field is changed twice");
            if (!ClaimFields.isField(field)) {
                errors.add(
                        where
                                + ": not a claim field; use only the fields listed in the original claim"
                                + " or the documented vocabulary");
                continue;
            }
            Integer line = ClaimFields.lineNumber(field);
            if (line != null && !f.claim().containsKey(ClaimFields.line(line, "procedure"))) {
                errors.add(where + ": the claim has no line " + line);
                continue;
            }
            for (String value : new String[] {change.from(), change.to()}) {
                if (value == null) continue;
                var placeholders = Mentions.in(value).placeholders();
                placeholders.removeAll(phi.keySet());
                for (String p : placeholders) errors.add(where + ": unknown placeholder " + p);
            }
            String from = Placeholders.fill(change.from(), phi);
            String to = Placeholders.fill(change.to(), phi);
            String original = f.original(field);
            if (!Objects.equals(normalized(field, from), normalized(field, original))) {
                errors.add(
                        where
                                + ": 'from' is "
                                + shown(Placeholders.mask(change.from(), phi))
                                + " but the claim has "
                                + shown(Placeholders.mask(original, phi)));
            }
            if (Objects.equals(normalized(field, to), normalized(field, original))) {
                errors.add(where + ": 'to' is the value the claim already has");
                continue;
            }
            if (to == null && !removable(field)) {
                errors.add(where + ": the field cannot be removed");
                continue;
            }
            String problem = ClaimFields.problem(field, to);
            if (problem != null) {
                errors.add(where + ": " + Placeholders.mask(problem, phi));
            } else if (to != null
                    && TAKEN_FROM_FACTS.contains(kind(field))
                    && !known.contains(to)) {
                errors.add(
                        where
                                + ": "
                                + shown(Placeholders.mask(change.to(), phi))
                                + " does not appear in the claim or in what earlier"
                                + " checks found; a new identifier, code, amount or date cannot be made up");
            } else if (kind(field).equals("modifiers") && !f.codingRules().isEmpty()) {
                List<String> added = new ArrayList<>(ClaimFields.modifiers(to));
                added.removeAll(ClaimFields.modifiers(original));
                for (String m : added) {
                    if (!supported.contains(line + ":" + m)) {
                        errors.add(
                                where
                                        + ": no coding rule supports modifier "
                                        + m
                                        + " on line "
                                        + line
                                        + " by the documents on file");
                    }
                }
            }
        }
        return errors;
    }

    /**
     * Every value the claim and the hints hold, the candidates for a field that must come from the
     * facts.
     */
    private static Set<String> knownValues(CorrectionFacts f) {
        Set<String> values = new LinkedHashSet<>(f.claim().values());
        values.addAll(f.hints().values());
        return values;
    }

    private static String kind(String field) {
        String part = ClaimFields.linePart(field);
        if (part != null) return part;
        return field.startsWith("diagnosis[") ? "diagnosis" : field;
    }

    private static boolean removable(String field) {
        String kind = kind(field);
        return kind.equals("priorAuthorization")
                || kind.equals("referral")
                || kind.equals("modifiers")
                || kind.equals("diagnosis") && !field.equals(ClaimFields.diagnosis(1));
    }

    private static String normalized(String field, String value) {
        if (value == null) return null;
        if (kind(field).equals("modifiers")) return String.join(",", ClaimFields.modifiers(value));
        return value;
    }

    private static String shown(String value) {
        return value == null ? "absent" : "'" + value + "'";
    }
}
