package org.reclaim.drafting;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Stand-ins for PHI in what a model sees and writes. Drafts keep the stand-ins; the real values are
 * put in only where they are needed (the rendered letter, the corrected claim), on this machine.
 */
final class Placeholders {

    static final String PATIENT_NAME = "[PATIENT_NAME]";
    static final String PATIENT_BIRTH_DATE = "[PATIENT_BIRTH_DATE]";
    static final String MEMBER_ID = "[MEMBER_ID]";
    static final String PATIENT_ACCOUNT_NUMBER = "[PATIENT_ACCOUNT_NUMBER]";
    static final String ELIGIBLE_MEMBER_ID = "[ELIGIBLE_MEMBER_ID]";

    /** Anything a model might take for a placeholder: brackets around capitals and underscores. */
    static final Pattern ANY = Pattern.compile("\\[[A-Z][A-Z0-9_ ]*]");

    /**
     * Shorter values are not looked for inside free text: "12" would match half the numbers in a
     * letter. Whole values of any length are still replaced where a field holds nothing else.
     */
    static final int MIN_MASKED = 3;

    /** US payers read dates as MM/DD/YYYY; the same form is used in letters and prompts. */
    static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy");

    private Placeholders() {}

    static Map<String, String> of(AppealFacts f) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PATIENT_NAME, f.patientName());
        m.put(PATIENT_BIRTH_DATE, US_DATE.format(f.patientBirthDate()));
        m.put(MEMBER_ID, f.memberId());
        m.put(PATIENT_ACCOUNT_NUMBER, f.patientControlNumber());
        return m;
    }

    static Map<String, String> of(CorrectionFacts f) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PATIENT_ACCOUNT_NUMBER, f.patientControlNumber());
        String member = f.original(ClaimFields.MEMBER_ID);
        if (member != null) m.put(MEMBER_ID, member);
        String eligible = f.hints().get(ClaimFields.HINT_ELIGIBLE_MEMBER_ID);
        if (eligible != null) m.put(ELIGIBLE_MEMBER_ID, eligible);
        return m;
    }

    static String fill(String text, Map<String, String> values) {
        if (text == null) return null;
        String out = text;
        for (Map.Entry<String, String> e : values.entrySet())
            out = out.replace(e.getKey(), e.getValue());
        return out;
    }

    /**
     * Replaces real values by their placeholders, longest first so that a value inside another is
     * not split.
     */
    /** What a labelled identifier in a practice's document is replaced by. */
    static final String REDACTED = "[REDACTED]";

    /**
     * A labelled identifier in a document ("Patient: …", "DOB: …", "Member ID: …", "SSN …",
     * "Address: …", "Phone: …"): the label stays, its value (to the end of the line) goes.
     */
    private static final Pattern LABELLED_IDENTIFIER =
            Pattern.compile(
                    "(?im)^(\\s*(?:patient(?: name)?|name|subscriber(?: name)?|insured(?: name)?"
                            + "|d\\.?o\\.?b\\.?|date of birth|birth ?date|member(?: id| #| no\\.?| number)?"
                            + "|subscriber (?:id|#|no\\.?|number)|policy(?: #| no\\.?| number)?|ssn"
                            + "|social security(?: number)?|address|phone|telephone|mrn|medical record(?: number| #)?)"
                            + "\\s*[:#=]\\s*)(\\S.*)$");

    /**
     * A practice's document as a model may see it: the claim's identifiers ({@code values})
     * replaced by their placeholders, and every labelled identifier's value redacted.
     */
    static String scrubDocument(String text, Map<String, String> values) {
        if (text == null) return null;
        String out = mask(text, values);
        return LABELLED_IDENTIFIER.matcher(out).replaceAll("$1" + REDACTED);
    }

    static String mask(String text, Map<String, String> values) {
        if (text == null) return null;
        String out = text;
        var entries =
                values.entrySet().stream()
                        .filter(e -> e.getValue().length() >= MIN_MASKED)
                        .sorted(
                                (a, b) ->
                                        Integer.compare(
                                                b.getValue().length(), a.getValue().length()))
                        .toList();
        for (Map.Entry<String, String> e : entries) out = out.replace(e.getValue(), e.getKey());
        return out;
    }
}
