package org.reclaim.prevention;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reclaim.common.Money;
import org.reclaim.scrub.ClaimRule;
import org.reclaim.scrub.Finding;
import org.reclaim.x12.claim.ClaimLine;
import org.reclaim.x12.claim.Person;
import org.reclaim.x12.claim.SubmittedClaim;

/**
 * The duplicates rule ({@code history.duplicate}): a claim whose patient, payer, date of service,
 * procedures and charge are those of a claim already on file is the same claim sent again. The
 * original paid: HOLD (the payer denies it CARC 18, or worse pays it twice); the original sent and
 * not yet answered: WARN. Either way the finding names the original's claim numbers and its
 * payment. A replacement or void (frequency 7 or 8) of a claim is not a duplicate of it.
 */
final class DuplicateClaims implements ClaimRule {

    static final String RULE = "history.duplicate";

    /** A claim on file: its numbers, and its payment when an 835 paid it (paid null otherwise). */
    record Original(
            String patientControlNumber,
            String payerClaimNumber,
            BigDecimal paid,
            LocalDate paidOn,
            LocalDate sentOn) {
        boolean wasPaid() {
            return paid != null;
        }
    }

    private final Map<String, List<Original>> onFile;

    /** The claims on file by {@link #key}. */
    DuplicateClaims(Map<String, List<Original>> onFile) {
        this.onFile = Map.copyOf(onFile);
    }

    /**
     * The original {@code claim} duplicates, as known on the scrub day {@code today}: a claim on
     * file with the same patient control number and submission date (BHT04) is this claim itself (a
     * backtest scrubs claims on file, as of its cut-off day), one sent after {@code today} was not
     * known then, nor a payment after it (the original was in flight). A paid original before one
     * in flight.
     */
    private static Original original(
            SubmittedClaim claim, LocalDate today, List<Original> candidates) {
        Original best = null;
        for (Original o : candidates) {
            if (o.patientControlNumber().equals(claim.patientControlNumber())
                    && java.util.Objects.equals(o.sentOn(), claim.submissionDate())) continue;
            if (o.sentOn() != null && o.sentOn().isAfter(today)) continue;
            Original seen =
                    o.paidOn() != null && o.paidOn().isAfter(today)
                            ? new Original(
                                    o.patientControlNumber(),
                                    o.payerClaimNumber(),
                                    null,
                                    null,
                                    o.sentOn())
                            : o;
            if (best == null || (seen.wasPaid() && !best.wasPaid())) best = seen;
        }
        return best;
    }

    /**
     * What makes two claims the same claim: payer, subscriber member id, the patient (name and
     * birth date when not the subscriber), the first date of service, the procedures with their
     * modifiers (sorted: the order of the lines does not matter) and the charge.
     */
    static String key(
            String payerId,
            String memberId,
            String patientLast,
            String patientFirst,
            LocalDate patientBirth,
            LocalDate serviceFrom,
            List<String> procedures,
            BigDecimal charge) {
        if (payerId == null || memberId == null || serviceFrom == null || procedures.isEmpty())
            return null;
        List<String> sorted = new ArrayList<>(procedures);
        sorted.sort(null);
        return String.join(
                "|",
                payerId.strip().toUpperCase(Locale.ROOT),
                memberId.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT),
                patientLast == null ? "" : patientLast.strip().toUpperCase(Locale.ROOT),
                patientFirst == null ? "" : patientFirst.strip().toUpperCase(Locale.ROOT),
                patientBirth == null ? "" : patientBirth.toString(),
                serviceFrom.toString(),
                String.join(",", sorted),
                charge == null
                        ? ""
                        : charge.setScale(2, java.math.RoundingMode.HALF_UP).toString());
    }

    /** A line's procedure as the key spells it: {@code 99213} or {@code 99213:25:59}. */
    static String procedure(String code, List<String> modifiers) {
        if (code == null) return "";
        List<String> mods = new ArrayList<>(modifiers == null ? List.of() : modifiers);
        mods.sort(null);
        return mods.isEmpty() ? code : code + ":" + String.join(":", mods);
    }

    static String key(SubmittedClaim c) {
        if (c.payer() == null || c.subscriber() == null) return null;
        Person p = c.patient();
        LocalDate from = c.serviceFrom();
        List<String> procedures = new ArrayList<>();
        for (ClaimLine l : c.lines()) {
            procedures.add(procedure(l.procedure(), l.modifiers()));
            if (l.serviceFrom() != null && (from == null || l.serviceFrom().isBefore(from)))
                from = l.serviceFrom();
        }
        Money charge = c.charge();
        return key(
                c.payer().id(),
                c.subscriber().memberId(),
                p == null ? null : p.lastName(),
                p == null ? null : p.firstName(),
                p == null ? null : p.birthDate(),
                from,
                procedures,
                charge == null ? null : charge.toBigDecimal());
    }

    @Override
    public List<Finding> check(SubmittedClaim claim, LocalDate today) {
        if ("7".equals(claim.frequency()) || "8".equals(claim.frequency())) return List.of();
        String key = key(claim);
        List<Original> candidates = key == null ? null : onFile.get(key);
        Original o = candidates == null ? null : original(claim, today, candidates);
        if (o == null) return List.of();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("originalPatientControlNumber", o.patientControlNumber());
        if (o.payerClaimNumber() != null)
            evidence.put("originalPayerClaimNumber", o.payerClaimNumber());
        if (o.sentOn() != null) evidence.put("originalSentOn", o.sentOn().toString());
        String numbers =
                "claim "
                        + o.patientControlNumber()
                        + (o.payerClaimNumber() == null
                                ? ""
                                : " (payer claim number " + o.payerClaimNumber() + ")");
        if (o.wasPaid()) {
            evidence.put("originalPaid", o.paid().setScale(2, java.math.RoundingMode.HALF_UP));
            if (o.paidOn() != null) evidence.put("originalPaidOn", o.paidOn().toString());
            return List.of(
                    Finding.error(
                                    RULE,
                                    "duplicate",
                                    "18",
                                    "the same claim (patient, payer, date of service, procedures"
                                            + " and charge) was already sent and paid: "
                                            + numbers
                                            + ", paid $"
                                            + o.paid()
                                                    .setScale(2, java.math.RoundingMode.HALF_UP)
                                                    .toPlainString()
                                            + (o.paidOn() == null ? "" : " on " + o.paidOn())
                                            + "; to correct it send a replacement (frequency 7"
                                            + " with REF*F8)")
                            .withEvidence(evidence));
        }
        return List.of(
                Finding.warning(
                                RULE,
                                "duplicate",
                                "18",
                                "the same claim (patient, payer, date of service, procedures and"
                                        + " charge) was already sent and is not answered yet: "
                                        + numbers
                                        + (o.sentOn() == null ? "" : ", sent " + o.sentOn()))
                        .withEvidence(evidence));
    }
}
