package org.reclaim.x12;

import java.util.Map;

/**
 * What the 835 transactions of a file add up to, as {@link X12Files#summarize} computes it without
 * making a record per claim: the same numbers a handler would get by adding up the {@link
 * org.reclaim.x12.remit.ClaimPayment}s and {@link org.reclaim.x12.remit.PaymentSummary}s of {@link
 * X12Files#read} and finding the denials (docs/contracts.md §1) of each claim.
 *
 * @param claims CLP loops
 * @param serviceLines SVC loops
 * @param claimStatusCounts CLP02 → claims, in order of first appearance
 * @param unbalancedPayments transactions whose BPR02 (signed by BPR03) ≠ Σ CLP04 − Σ PLB
 * @param unbalancedClaims claims whose CLP03 − all CAS ≠ CLP04
 * @param unbalancedLines lines whose SVC02 − line CAS ≠ SVC03
 * @param plbCents Σ PLB amounts
 * @param denials denied lines and claim levels (workable CAS sum &gt; 0, not in a reversal)
 * @param denialCents Σ of the denials' workable CAS sums
 * @param reversals claims with CLP02 = 22
 */
public record RemittanceTotals(
        long claims,
        long serviceLines,
        Map<String, Long> claimStatusCounts,
        long unbalancedPayments,
        long unbalancedClaims,
        long unbalancedLines,
        long plbCents,
        long denials,
        long denialCents,
        long reversals) {}
