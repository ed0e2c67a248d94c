package org.reclaim.x12.remit;

import java.time.LocalDate;
import java.util.List;
import org.reclaim.common.Money;

/**
 * One CLP loop (2100) with its service lines.
 *
 * @param index 1-based position of the claim within its transaction
 * @param patientControlNumber CLP01
 * @param status CLP02
 * @param charge CLP03
 * @param paid CLP04
 * @param patientResponsibility CLP05, or null
 * @param filingIndicator CLP06
 * @param payerClaimNumber CLP07
 * @param facilityType CLP08
 * @param frequency CLP09
 * @param serviceFrom DTM*232 (claim statement period start), else the earliest line date
 * @param serviceTo DTM*233, else the latest line date
 * @param received DTM*050
 * @param adjustments claim-level CAS triplets
 * @param lines SVC loops
 * @param remarks MOA and MIA remark codes (claim-level RARCs)
 * @param originalPayerClaimNumber REF*F8 (a correction names the claim it corrects), or null
 * @param segment 1-based ordinal of the CLP segment in the file
 * @param offset byte offset of the CLP segment
 */
public record ClaimPayment(
        int index,
        String patientControlNumber,
        String status,
        Money charge,
        Money paid,
        Money patientResponsibility,
        String filingIndicator,
        String payerClaimNumber,
        String facilityType,
        String frequency,
        LocalDate serviceFrom,
        LocalDate serviceTo,
        LocalDate received,
        List<Adjustment> adjustments,
        List<ServiceLine> lines,
        List<String> remarks,
        String originalPayerClaimNumber,
        long segment,
        long offset) {

    public boolean isReversal() {
        return "22".equals(status);
    }

    /** Σ of every CAS amount of the claim, claim level and line level. */
    public Money adjustmentTotal() {
        long sum = 0;
        for (Adjustment a : adjustments) sum += a.amount().cents();
        for (ServiceLine l : lines) sum += l.adjustmentTotal().cents();
        return new Money(sum);
    }

    /** CLP03 − all its CAS = CLP04. */
    public boolean balanced() {
        long sum = 0;
        for (int i = 0, n = adjustments.size(); i < n; i++)
            sum += adjustments.get(i).amount().cents();
        for (int i = 0, n = lines.size(); i < n; i++) sum += lines.get(i).adjustmentCents();
        return paid != null && Math.subtractExact(charge.cents(), sum) == paid.cents();
    }
}
