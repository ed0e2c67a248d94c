package org.reclaim.drafting;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fixed vocabulary in which {@link CorrectionFacts} describes the original claim and a {@link
 * FieldChange} names what to change. Anything outside it is refused: a correction can only touch a
 * field the claim writer knows how to set.
 *
 * <table>
 * <caption>Claim fields</caption>
 * <tr><td>{@code frequencyCode}</td><td>CLM05-3: 1 original, 7 replacement, 8 void</td></tr>
 * <tr><td>{@code priorAuthorization}</td><td>REF*G1 prior authorization number</td></tr>
 * <tr><td>{@code referral}</td><td>REF*9F referral number</td></tr>
 * <tr><td>{@code placeOfService}</td><td>CLM05-1, two digits</td></tr>
 * <tr><td>{@code subscriber.memberId}</td><td>NM109 of the subscriber (PHI)</td></tr>
 * <tr><td>{@code diagnosis[1..12]}</td><td>HI diagnosis codes in pointer order (ICD-10, dot optional)</td></tr>
 * <tr><td>{@code line[n].procedure}</td><td>SV101-2 CPT/HCPCS of line n (1-based, n ≤ 50)</td></tr>
 * <tr><td>{@code line[n].modifiers}</td><td>SV101-3..6, comma-joined, at most four, e.g. {@code 25,59}</td></tr>
 * <tr><td>{@code line[n].units}</td><td>SV104, a positive number</td></tr>
 * <tr><td>{@code line[n].charge}</td><td>SV102, dollars with two decimals</td></tr>
 * <tr><td>{@code line[n].serviceDate}</td><td>DTP*472, ISO date</td></tr>
 * </table>
 *
 * <p>Hints are facts found by earlier steps, not on the claim: {@code authorizationNumber} (an
 * authorization on file), {@code referralNumber}, {@code eligibleMemberId} (the member id a 271
 * returned; PHI).
 */
public final class ClaimFields {

    public static final String FREQUENCY_CODE = "frequencyCode";
    public static final String PRIOR_AUTHORIZATION = "priorAuthorization";
    public static final String REFERRAL = "referral";
    public static final String PLACE_OF_SERVICE = "placeOfService";
    public static final String MEMBER_ID = "subscriber.memberId";

    public static final String HINT_AUTHORIZATION_NUMBER = "authorizationNumber";
    public static final String HINT_REFERRAL_NUMBER = "referralNumber";
    public static final String HINT_ELIGIBLE_MEMBER_ID = "eligibleMemberId";
    public static final Set<String> HINTS =
            Set.of(HINT_AUTHORIZATION_NUMBER, HINT_REFERRAL_NUMBER, HINT_ELIGIBLE_MEMBER_ID);

    /**
     * Remarks that say the member's id or name on the claim is missing or invalid (MA27 entitlement
     * number or name, MA61 SSN or health insurance claim number, N382 patient identifier, MA36
     * patient name): the member id a 271 returned fixes them.
     */
    public static final Set<String> MEMBER_REMARKS = Set.of("MA27", "MA61", "N382", "MA36");

    static final int MAX_LINES = 50;
    static final Pattern DIAGNOSIS = Pattern.compile("diagnosis\\[(\\d{1,2})]");
    static final Pattern LINE_FIELD =
            Pattern.compile("line\\[(\\d{1,2})]\\.(procedure|modifiers|units|charge|serviceDate)");
    static final Pattern ICD10 = Pattern.compile("[A-Z]\\d[0-9A-Z](\\.?[0-9A-Z]{1,4})?");
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9-]{1,50}");
    private static final Pattern MONEY = Pattern.compile("\\d{1,9}\\.\\d{2}");
    private static final Pattern UNITS = Pattern.compile("\\d{1,4}(\\.\\d{1,3})?");

    private ClaimFields() {}

    public static String diagnosis(int pointer) {
        return "diagnosis[" + pointer + "]";
    }

    /** {@code line[n].part}, with n 1-based. */
    public static String line(int n, String part) {
        return "line[" + n + "]." + part;
    }

    public static boolean isField(String field) {
        if (field == null) return false;
        return switch (field) {
            case FREQUENCY_CODE, PRIOR_AUTHORIZATION, REFERRAL, PLACE_OF_SERVICE, MEMBER_ID -> true;
            default -> {
                Matcher d = DIAGNOSIS.matcher(field);
                if (d.matches()) {
                    int p = Integer.parseInt(d.group(1));
                    yield p >= 1 && p <= 12 && !d.group(1).startsWith("0");
                }
                Integer n = lineNumber(field);
                yield n != null;
            }
        };
    }

    /**
     * The line number of a {@code line[n].…} field, or null for a claim-level field or a bad index.
     */
    static Integer lineNumber(String field) {
        Matcher m = LINE_FIELD.matcher(field);
        if (!m.matches() || m.group(1).startsWith("0")) return null;
        int n = Integer.parseInt(m.group(1));
        return n >= 1 && n <= MAX_LINES ? n : null;
    }

    static String linePart(String field) {
        Matcher m = LINE_FIELD.matcher(field);
        return m.matches() ? m.group(2) : null;
    }

    /** Why {@code value} cannot stand in {@code field}, or null when it can. */
    static String problem(String field, String value) {
        if (!isField(field)) return "'" + field + "' is not a claim field";
        if (value == null) return null;
        String part = linePart(field);
        String kind = part != null ? part : field.startsWith("diagnosis[") ? "diagnosis" : field;
        boolean ok =
                switch (kind) {
                    case FREQUENCY_CODE ->
                            value.equals("1") || value.equals("7") || value.equals("8");
                    case PLACE_OF_SERVICE -> value.matches("\\d{2}");
                    case "diagnosis" -> ICD10.matcher(value).matches();
                    case "procedure" -> Checks.PROCEDURE.matcher(value).matches();
                    case "modifiers" -> modifiersOk(value);
                    case "units" ->
                            UNITS.matcher(value).matches() && new BigDecimal(value).signum() > 0;
                    case "charge" -> MONEY.matcher(value).matches();
                    case "serviceDate" -> isIsoDate(value);
                    default -> IDENTIFIER.matcher(value).matches();
                };
        return ok ? null : "'" + value + "' is not a valid value for " + field;
    }

    static List<String> modifiers(String joined) {
        if (joined == null || joined.isBlank()) return List.of();
        return List.of(joined.split(",", -1)).stream().map(String::strip).toList();
    }

    private static boolean modifiersOk(String value) {
        List<String> mods = modifiers(value);
        return mods.size() <= 4
                && mods.stream().allMatch(m -> Checks.MODIFIER.matcher(m).matches());
    }

    private static boolean isIsoDate(String value) {
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
