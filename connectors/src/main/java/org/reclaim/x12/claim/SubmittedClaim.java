package org.reclaim.x12.claim;

import java.time.LocalDate;
import java.util.List;
import org.reclaim.common.Money;

/**
 * One CLM loop (2300) of an 837P or 837I, with what it inherits from its billing-provider and
 * subscriber/patient hierarchy.
 *
 * @param variant "837P" or "837I"
 * @param transaction 1-based ordinal of its transaction in the file
 * @param controlNumber ST02 of its transaction
 * @param groupControlNumber GS06 of its functional group (what a 999/997 names in AK102), or null
 *     without a GS
 * @param submissionDate BHT04
 * @param patientControlNumber CLM01
 * @param charge CLM02
 * @param facilityCode CLM05-1 (place of service for 837P, facility type for 837I)
 * @param frequency CLM05-3 (1 original, 7 replacement, 8 void)
 * @param patient null when the patient is the subscriber
 * @param diagnoses HI codes in order, qualifier stripped (principal first)
 * @param priorAuthorization REF*G1
 * @param referral REF*9F
 * @param payerClaimNumber REF*F8 (original payer claim number on a replacement/void)
 */
public record SubmittedClaim(
        String variant,
        int transaction,
        String controlNumber,
        String groupControlNumber,
        LocalDate submissionDate,
        Provider submitter,
        Provider receiver,
        Provider billingProvider,
        Provider renderingProvider,
        Provider payer,
        Person subscriber,
        Person patient,
        String patientControlNumber,
        Money charge,
        String facilityCode,
        String frequency,
        List<String> diagnoses,
        String priorAuthorization,
        String referral,
        String payerClaimNumber,
        LocalDate serviceFrom,
        LocalDate serviceTo,
        List<ClaimLine> lines,
        long segment,
        long offset) {

    public Money lineChargeTotal() {
        long sum = 0;
        for (ClaimLine l : lines) sum += l.charge().cents();
        return new Money(sum);
    }
}
