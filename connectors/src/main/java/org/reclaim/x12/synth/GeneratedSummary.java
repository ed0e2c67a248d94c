package org.reclaim.x12.synth;

import org.reclaim.common.Money;

/**
 * What one generation run produced: counts for tests and benchmarks to check against.
 *
 * @param claims claims in the 837 (one CLM each)
 * @param serviceLines service lines in the 837
 * @param deniedClaims claims whose first adjudication carries at least one denial
 * @param deniedLines denied service lines (workable line-level adjustments summing to more than
 *     zero)
 * @param claimLevelDenials claims denied by claim-level adjustments
 * @param secondaryClaims claims sent to and answered by a secondary payer (CLP02 = 2, OA-23)
 * @param reversals CLP02 = 22 claims in the 835, each followed by its correction
 * @param remitClaims CLP loops in the 835 (originals + reversals + corrections)
 * @param adjustments CAS triplets in the 835, claim and line level
 * @param providerAdjustments PLB adjustment pairs
 * @param claimTransactions 837 transactions (ST…SE)
 * @param remitTransactions 835 transactions (ST…SE)
 * @param totalCharge Σ CLM02
 * @param totalPaid Σ BPR02
 * @param claimBytes size of the 837 (0 when not written)
 * @param remitBytes size of the 835 (0 when not written)
 */
public record GeneratedSummary(
        long claims,
        long serviceLines,
        long deniedClaims,
        long deniedLines,
        long claimLevelDenials,
        long secondaryClaims,
        long reversals,
        long remitClaims,
        long adjustments,
        long providerAdjustments,
        long claimTransactions,
        long remitTransactions,
        Money totalCharge,
        Money totalPaid,
        long claimBytes,
        long remitBytes) {

    /** Denials as docs/contracts.md §1 counts them: denied lines plus claim-level denials. */
    public long denials() {
        return deniedLines + claimLevelDenials;
    }

    /** One line for a terminal. */
    public String describe() {
        return claims
                + " claims, "
                + serviceLines
                + " service lines, "
                + denials()
                + " denials planned ("
                + deniedLines
                + " line, "
                + claimLevelDenials
                + " claim-level, on "
                + deniedClaims
                + " claims), "
                + reversals
                + " reversals, "
                + providerAdjustments
                + " PLB adjustments, "
                + remitTransactions
                + " remittances; 837 "
                + claimBytes
                + " bytes, 835 "
                + remitBytes
                + " bytes";
    }
}
