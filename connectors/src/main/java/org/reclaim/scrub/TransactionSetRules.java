package org.reclaim.scrub;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.reclaim.common.Npi;
import org.reclaim.x12.claim.ClaimLine;
import org.reclaim.x12.claim.Person;
import org.reclaim.x12.claim.Provider;
import org.reclaim.x12.claim.SubmittedClaim;

/**
 * What makes a 999 or a 277CA reject a claim, or a payer deny it at once, read from the claim
 * alone: the 005010X222A1 (837P) and 005010X223A2 (837I) implementation guides' required elements
 * and code shapes, the NPI check digit, and the claim's own arithmetic. Each finding names the
 * rule, the claim and the line.
 *
 * <p>Rule ids (docs/prevention.md): {@code tx.required}, {@code tx.npi-check-digit}, {@code
 * tx.service-date}, {@code tx.diagnosis-pointer}, {@code tx.diagnosis-code}, {@code
 * tx.procedure-code}, {@code tx.place-of-service}, {@code tx.modifier}, {@code tx.units}, {@code
 * tx.charge-sum}, {@code tx.frequency-reference}.
 */
public final class TransactionSetRules implements ClaimRule {

    /** The source every finding of this class names. */
    public static final String SOURCE = "transaction set (ASC X12 005010 837P/837I)";

    /**
     * ICD-10-CM's shape (CMS/NCHS ICD-10-CM tabular list conventions): three to seven characters, a
     * letter, a digit, then letters or digits; X12 carries it without the dot.
     */
    private static final Pattern ICD10 = Pattern.compile("[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}");

    /** HCPCS Level I (CPT) and Level II: five characters, four of them digits or one letter. */
    private static final Pattern HCPCS = Pattern.compile("[0-9]{4}[0-9A-Z]|[A-Z][0-9]{4}");

    /** Place of service (CMS POS code set) and 837I facility type: two digits. */
    private static final Pattern POS = Pattern.compile("[0-9]{2}");

    /** A procedure modifier: two letters or digits (SV101-3..6). */
    private static final Pattern MODIFIER = Pattern.compile("[0-9A-Z]{2}");

    /** SV1/SV2 carry at most four modifiers. */
    private static final int MAX_MODIFIERS = 4;

    @Override
    public List<Finding> check(SubmittedClaim c, LocalDate today) {
        List<Finding> out = new ArrayList<>();
        required(c, out);
        npi(c.billingProvider(), "billing provider (loop 2010AA NM109)", out);
        npi(c.renderingProvider(), "rendering provider (loop 2310B NM109)", out);
        diagnoses(c, out);
        if (c.facilityCode() != null && !POS.matcher(c.facilityCode()).matches())
            out.add(
                    rejection(
                                    "tx.place-of-service",
                                    "CLM05-1 '"
                                            + c.facilityCode()
                                            + "' is not a two-digit place of service or"
                                            + " facility type")
                            .withEvidence(Map.of("facilityCode", c.facilityCode())));
        boolean replaces = "7".equals(c.frequency()) || "8".equals(c.frequency());
        if (replaces && blank(c.payerClaimNumber()))
            out.add(
                    rejection(
                            "tx.frequency-reference",
                            "frequency "
                                    + c.frequency()
                                    + " (replacement or void) without the original's payer claim"
                                    + " number (REF*F8)"));
        long sum = 0;
        for (ClaimLine l : c.lines()) {
            sum += l.charge() == null ? 0 : l.charge().cents();
            line(c, l, today, out);
        }
        if (c.charge() != null && !c.lines().isEmpty() && c.charge().cents() != sum)
            out.add(
                    rejection(
                                    "tx.charge-sum",
                                    "the claim's charge (CLM02 "
                                            + c.charge()
                                            + ") is not the sum of its lines' charges ("
                                            + new org.reclaim.common.Money(sum)
                                            + ")")
                            .withEvidence(
                                    Map.of(
                                            "claimCharge", c.charge().toBigDecimal(),
                                            "lineTotal",
                                                    new org.reclaim.common.Money(sum)
                                                            .toBigDecimal()))
                            .withFix(
                                    Map.of(
                                            "charge",
                                            new org.reclaim.common.Money(sum).toBigDecimal())));
        return out;
    }

    private static void required(SubmittedClaim c, List<Finding> out) {
        List<String> missing = new ArrayList<>();
        if (blank(c.patientControlNumber())) missing.add("patient control number (CLM01)");
        if (c.payer() == null || blank(c.payer().id())) missing.add("payer id (loop 2010BB NM109)");
        Person s = c.subscriber();
        if (s == null || blank(s.memberId()))
            missing.add("subscriber member id (loop 2010BA NM109)");
        if (s == null || blank(s.lastName()))
            missing.add("subscriber last name (loop 2010BA NM103)");
        if (c.billingProvider() == null || blank(c.billingProvider().id()))
            missing.add("billing provider NPI (loop 2010AA NM109)");
        if (c.diagnoses().isEmpty()) missing.add("a diagnosis (HI)");
        if (c.lines().isEmpty()) missing.add("a service line (loop 2400)");
        if (!missing.isEmpty())
            out.add(
                    rejection("tx.required", "missing required data: " + String.join(", ", missing))
                            .withEvidence(Map.of("missing", missing)));
    }

    private static void npi(Provider p, String where, List<Finding> out) {
        if (p == null || blank(p.id())) return;
        if (!"XX".equals(p.idQualifier())) return;
        if (!Npi.isValid(p.id()))
            out.add(
                    rejection(
                                    "tx.npi-check-digit",
                                    "the "
                                            + where
                                            + " NPI "
                                            + p.id()
                                            + " fails its check digit (Luhn over 80840 and the"
                                            + " first nine digits)")
                            .withEvidence(Map.of("npi", p.id())));
    }

    private static void diagnoses(SubmittedClaim c, List<Finding> out) {
        for (int i = 0; i < c.diagnoses().size(); i++) {
            String code = c.diagnoses().get(i);
            if (code == null || !ICD10.matcher(code).matches())
                out.add(
                        Finding.error(
                                        "tx.diagnosis-code",
                                        "coding",
                                        "146",
                                        "diagnosis "
                                                + (i + 1)
                                                + " '"
                                                + code
                                                + "' is not shaped like an ICD-10-CM code")
                                .withEvidence(Map.of("diagnosis", String.valueOf(code))));
        }
    }

    private static void line(SubmittedClaim c, ClaimLine l, LocalDate today, List<Finding> out) {
        int n = l.index();
        if ("HC".equals(l.procedureQualifier())
                && (l.procedure() == null || !HCPCS.matcher(l.procedure()).matches()))
            out.add(
                    Finding.error(
                                    "tx.procedure-code",
                                    "coding",
                                    "181",
                                    "line " + n + ": '" + l.procedure() + "' is not a HCPCS code")
                            .atLine(n));
        if (l.modifiers().size() > MAX_MODIFIERS)
            out.add(
                    rejection(
                                    "tx.modifier",
                                    "line "
                                            + n
                                            + ": "
                                            + l.modifiers().size()
                                            + " modifiers, at most "
                                            + MAX_MODIFIERS)
                            .atLine(n));
        for (String m : l.modifiers())
            if (m == null || !MODIFIER.matcher(m).matches())
                out.add(
                        rejection(
                                        "tx.modifier",
                                        "line "
                                                + n
                                                + ": modifier '"
                                                + m
                                                + "' is not two letters or digits")
                                .atLine(n));
        if (l.placeOfService() != null && !POS.matcher(l.placeOfService()).matches())
            out.add(
                    rejection(
                                    "tx.place-of-service",
                                    "line "
                                            + n
                                            + ": place of service '"
                                            + l.placeOfService()
                                            + "' is not two digits")
                            .atLine(n));
        if (l.units() == null || l.units().compareTo(BigDecimal.ZERO) <= 0)
            out.add(
                    rejection(
                                    "tx.units",
                                    "line " + n + ": units must be more than 0, not " + l.units())
                            .atLine(n));
        for (int p : l.diagnosisPointers())
            if (p < 1 || p > c.diagnoses().size())
                out.add(
                        rejection(
                                        "tx.diagnosis-pointer",
                                        "line "
                                                + n
                                                + ": diagnosis pointer "
                                                + p
                                                + " points past the claim's "
                                                + c.diagnoses().size()
                                                + " diagnoses")
                                .atLine(n));
        LocalDate from = l.serviceFrom() != null ? l.serviceFrom() : c.serviceFrom();
        LocalDate to = l.serviceTo() != null ? l.serviceTo() : from;
        if (from != null && today != null && from.isAfter(today))
            out.add(
                    rejection(
                                    "tx.service-date",
                                    "line "
                                            + n
                                            + ": the date of service "
                                            + from
                                            + " is in the future")
                            .atLine(n));
        if (from != null && to != null && from.isAfter(to))
            out.add(
                    rejection(
                                    "tx.service-date",
                                    "line "
                                            + n
                                            + ": the service starts "
                                            + from
                                            + ", after it ends "
                                            + to)
                            .atLine(n));
        Person patient = c.patient() != null ? c.patient() : c.subscriber();
        if (from != null
                && patient != null
                && patient.birthDate() != null
                && from.isBefore(patient.birthDate()))
            out.add(
                    rejection(
                                    "tx.service-date",
                                    "line "
                                            + n
                                            + ": the date of service "
                                            + from
                                            + " is before the patient's birth")
                            .atLine(n));
    }

    /** A finding a 999 or 277CA would reject: no CARC, category claim-data. */
    private static Finding rejection(String rule, String message) {
        return Finding.error(rule, "claim-data", null, message);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
