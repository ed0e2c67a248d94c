package org.reclaim.drafting;

import static org.reclaim.drafting.AppealLetter.dollars;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Drafts without a model: fixed wording per category for appeals, and for corrections only the
 * changes that follow mechanically from the facts. The offline default, and the fallback when a
 * model's answers are refused.
 */
final class TemplateDrafter implements Drafter {

    /** Modifiers that already tell the payer a bundled service was distinct. */
    static final Set<String> DISTINCT_MODIFIERS = Set.of("59", "XE", "XP", "XS", "XU");

    private record Wording(String argument, String action, boolean specific) {}

    @Override
    public Draft<AppealLetter> appeal(AppealFacts f) {
        Wording w = wording(f);
        // why a person must look, said in words (never an empty list when review is needed)
        List<String> why = new ArrayList<>();
        if (!w.specific())
            why.add("the letter's wording is generic: no template argues category " + f.category());
        if (f.evidence().isEmpty()) why.add("the appeal encloses no evidence");
        if (f.category().equals("TIMELY_FILING") && !hasAcceptanceReport(f))
            why.add("no 277CA acceptance report is enclosed as proof of timely filing");
        AppealLetter letter = new AppealLetter(facts(f), w.argument(), w.action(), f.evidence());
        return new Draft<>(letter, Draft.Source.TEMPLATE, !why.isEmpty(), why, 0, 0, 0);
    }

    @Override
    public Draft<ClaimCorrection> correction(CorrectionFacts f) {
        ClaimCorrection c =
                switch (f.category()) {
                    case "AUTHORIZATION" -> authorization(f);
                    case "ELIGIBILITY" -> memberId(f);
                    case "CODING" -> byRules(f);
                    // a distinct-service modifier only where the notes show the service distinct
                    case "BUNDLING" -> byRules(f);
                    case "CLAIM_DATA" -> claimData(f);
                    default -> null;
                };
        if (c == null) {
            return new Draft<>(
                    nothing(f, "no automatic correction is known for category " + f.category()),
                    Draft.Source.TEMPLATE,
                    true,
                    List.of("no automatic correction is known for category " + f.category()),
                    0,
                    0,
                    0);
        }
        String why = reviewAfter(f, c);
        return new Draft<>(
                c,
                Draft.Source.TEMPLATE,
                why != null,
                why == null ? List.of() : List.of(why),
                0,
                0,
                0);
    }

    private static List<String> facts(AppealFacts f) {
        List<String> facts = new ArrayList<>();
        String mods =
                f.modifiers().isEmpty() ? "" : " with modifier " + String.join(", ", f.modifiers());
        facts.add(
                "Procedure "
                        + f.procedure()
                        + mods
                        + " was performed for "
                        + Placeholders.PATIENT_NAME
                        + " on "
                        + Placeholders.US_DATE.format(f.serviceDate())
                        + ".");
        StringBuilder denial =
                new StringBuilder(
                        "The claim line was billed at "
                                + dollars(f.billed())
                                + " and the payer denied "
                                + dollars(f.deniedAmount())
                                + " with "
                                + f.group()
                                + "-"
                                + f.carc());
        if (!f.carcText().isEmpty())
            denial.append(" (").append(trimPeriod(f.carcText())).append(')');
        if (!f.rarcs().isEmpty()) denial.append(", remark ").append(String.join(", ", f.rarcs()));
        facts.add(denial.append('.').toString());
        if (f.appealLevel() > 1) {
            facts.add("This is a further appeal: the earlier level upheld the denial.");
        }
        return facts;
    }

    private static Wording wording(AppealFacts f) {
        String pay =
                "Please reprocess the claim line and pay the denied amount of "
                        + dollars(f.deniedAmount())
                        + ".";
        return switch (f.category()) {
            case "AUTHORIZATION" ->
                    new Wording(
                            "The service was authorized as the payer's prior-authorization policy requires. The enclosed"
                                    + " documents show the authorization that covers this service on the date of service;"
                                    + " the denial should not stand once the claim is matched to it.",
                            pay,
                            true);
            case "MEDICAL_NECESSITY" ->
                    new Wording(
                            "The enclosed clinical records show the patient's condition, the care tried before and why this"
                                    + " service was needed on the date of service. They meet the criteria of the payer's own"
                                    + " medical policy for the service, which the denial does not address.",
                            "Please overturn the medical-necessity denial and pay the denied amount of "
                                    + dollars(f.deniedAmount())
                                    + ".",
                            true);
            case "TIMELY_FILING" ->
                    new Wording(
                            "The claim reached the payer within its filing limit. The enclosed proof of timely receipt, the"
                                    + " payer's acceptance of the original submission, shows when the claim was first"
                                    + " accepted; the filing limit is to be measured from that submission.",
                            "Please accept the claim as timely filed and process it for payment of "
                                    + dollars(f.deniedAmount())
                                    + ".",
                            true);
            case "DOCUMENTATION" ->
                    new Wording(
                            "The payer asked for information it did not have when it processed the claim. The requested"
                                    + " documents are enclosed; with them the service can be processed as billed.",
                            pay,
                            true);
            case "NETWORK" ->
                    new Wording(
                            "The service should be paid at the in-network level. The enclosed documents show the provider's"
                                    + " network participation for the patient's plan, or the referral or network exception"
                                    + " the plan requires, on the date of service.",
                            "Please reprocess the claim line at the in-network benefit level and pay the denied amount of "
                                    + dollars(f.deniedAmount())
                                    + ".",
                            true);
            case "NON_COVERED" ->
                    new Wording(
                            "The service is a covered benefit under the patient's plan on the date of service. The enclosed"
                                    + " documents show the coverage and, where the plan asks for it, the advance notice"
                                    + " given to the patient.",
                            pay,
                            true);
            default ->
                    new Wording(
                            "The service was billed correctly and is payable under the patient's plan. The enclosed"
                                    + " documents support the service as billed; we ask for a full review of the denial.",
                            pay,
                            false);
        };
    }

    /**
     * A 277CA, not a 999, proves that the payer received the claim; a person checks anything else.
     */
    private static boolean hasAcceptanceReport(AppealFacts f) {
        return f.evidence().stream().anyMatch(e -> e.toUpperCase(Locale.ROOT).contains("277"));
    }

    private static ClaimCorrection authorization(CorrectionFacts f) {
        String auth = f.hints().get(ClaimFields.HINT_AUTHORIZATION_NUMBER);
        String current = f.original(ClaimFields.PRIOR_AUTHORIZATION);
        if (auth == null) return nothing(f, "no authorization number was found on file");
        if (auth.equals(current))
            return nothing(f, "the claim already carries the authorization found on file");
        return new ClaimCorrection(
                List.of(new FieldChange(ClaimFields.PRIOR_AUTHORIZATION, current, auth)),
                "The payer found no valid authorization ("
                        + f.group()
                        + "-"
                        + f.carc()
                        + "); the authorization"
                        + " on file for this service is added to the claim.");
    }

    private static ClaimCorrection memberId(CorrectionFacts f) {
        String eligible = f.hints().get(ClaimFields.HINT_ELIGIBLE_MEMBER_ID);
        String current = f.original(ClaimFields.MEMBER_ID);
        if (eligible == null) return nothing(f, "no eligibility response gave a member id");
        if (eligible.equals(current))
            return nothing(f, "the member id on the claim is the one the payer confirmed");
        return new ClaimCorrection(
                List.of(new FieldChange(ClaimFields.MEMBER_ID, current, eligible)),
                "The payer could not match the coverage ("
                        + f.group()
                        + "-"
                        + f.carc()
                        + "); the member id is"
                        + " replaced by the one the payer's eligibility response returned.");
    }

    /**
     * The modifiers the coding rules support by the documents on file; none supported: no change,
     * with the reason (the claim is not sent again as it was).
     */
    static ClaimCorrection byRules(CorrectionFacts f) {
        List<CodingRules.Finding> found = CodingRules.applied(f, CodingRules.findings(f));
        List<FieldChange> changes = CodingRules.changes(f, found);
        if (changes.isEmpty()) {
            String why =
                    f.codingRules().isEmpty()
                            ? "no coding rule is configured"
                            : f.documents().isEmpty()
                                    ? "no document is on file for the claim, and no coding rule applies without one"
                                    : "no coding rule's evidence was found in the "
                                            + f.documents().size()
                                            + " document(s) on file ("
                                            + String.join(", ", f.documents().keySet())
                                            + ")";
            return nothing(f, why);
        }
        List<String> evidence = found.stream().map(CodingRules.Finding::describe).toList();
        return new ClaimCorrection(
                changes,
                "The payer denied the claim for its coding ("
                        + f.group()
                        + "-"
                        + f.carc()
                        + "); the documents on file support "
                        + String.join("; ", evidence)
                        + ".",
                evidence);
    }

    /**
     * CO-16: the member id a 271 returned when a remark says the member's id or name was missing or
     * invalid ({@link ClaimFields#MEMBER_REMARKS}); and with MA130 (returned as unprocessable) the
     * claim goes back as a new original, not a replacement. Null when neither applies.
     */
    private static ClaimCorrection claimData(CorrectionFacts f) {
        boolean unprocessable = f.rarcs().contains("MA130");
        boolean member = f.rarcs().stream().anyMatch(ClaimFields.MEMBER_REMARKS::contains);
        if (!unprocessable && !member) return null;
        List<FieldChange> changes = new ArrayList<>();
        StringBuilder why = new StringBuilder();
        if (member) {
            String eligible = f.hints().get(ClaimFields.HINT_ELIGIBLE_MEMBER_ID);
            String current = f.original(ClaimFields.MEMBER_ID);
            if (eligible == null) {
                if (!unprocessable)
                    return nothing(
                            f, "no eligibility response gave the member id the remark asks for");
                why.append("No eligibility response gave the member id the remark asks for. ");
            } else if (eligible.equals(current)) {
                if (!unprocessable)
                    return nothing(f, "the member id on the claim is the one the payer confirmed");
                why.append("The member id on the claim is the one the payer confirmed. ");
            } else {
                changes.add(new FieldChange(ClaimFields.MEMBER_ID, current, eligible));
                why.append(
                        "The payer could not use the member's id on the claim ("
                                + f.group()
                                + "-"
                                + f.carc()
                                + " "
                                + String.join(", ", f.rarcs())
                                + "); it is replaced by the one the payer's eligibility response returned. ");
            }
        }
        if (unprocessable) {
            String current = f.original(ClaimFields.FREQUENCY_CODE);
            why.append(
                    "The payer returned the claim as unprocessable (MA130); it is sent again as a new original"
                            + " claim.");
            if ("1".equals(current)) why.append(" The claim already is an original.");
            else changes.add(new FieldChange(ClaimFields.FREQUENCY_CODE, current, "1"));
        }
        return new ClaimCorrection(changes, why.toString().strip());
    }

    private static ClaimCorrection nothing(CorrectionFacts f, String reason) {
        return new ClaimCorrection(
                List.of(),
                "Nothing can be changed automatically for "
                        + f.group()
                        + "-"
                        + f.carc()
                        + ": "
                        + reason
                        + ".");
    }

    /**
     * Adding 59 asserts a clinical fact the template cannot see, and a CO-16 remark other than
     * MA130 and the member's id that the correction fixed names a field still to fix; both go to a
     * person.
     */
    private static String reviewAfter(CorrectionFacts f, ClaimCorrection c) {
        if (c.changes().isEmpty()) return "the correction changes nothing: " + c.justification();
        if (f.category().equals("BUNDLING"))
            return c.evidence().isEmpty()
                    ? "a distinct-service modifier asserts a clinical fact no document on file shows"
                    : null;
        if (!f.category().equals("CLAIM_DATA")) return null;
        boolean memberFixed =
                c.changes().stream().anyMatch(ch -> ch.field().equals(ClaimFields.MEMBER_ID));
        List<String> open =
                f.rarcs().stream()
                        .filter(
                                r ->
                                        !r.equals("MA130")
                                                && !(memberFixed
                                                        && ClaimFields.MEMBER_REMARKS.contains(r)))
                        .toList();
        return open.isEmpty()
                ? null
                : "remark " + String.join(", ", open) + " names a field the template does not fix";
    }

    private static String trimPeriod(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
