package org.reclaim.x12.remit;

import java.util.List;
import org.reclaim.common.Money;

/**
 * What is known of an 835 transaction once its SE (or the end of the file) is reached.
 *
 * @param claimsPaid Σ CLP04
 * @param paymentBalanced BPR02 (signed) = Σ CLP04 − Σ PLB
 * @param unbalancedClaims claims whose CLP03 − CAS ≠ CLP04
 * @param unbalancedLines lines whose SVC02 − CAS ≠ SVC03
 * @param closed false when the transaction has no SE (truncated)
 */
public record PaymentSummary(
        Payment payment,
        List<ProviderAdjustment> providerAdjustments,
        int claims,
        int serviceLines,
        Money claimsPaid,
        boolean paymentBalanced,
        int unbalancedClaims,
        int unbalancedLines,
        boolean closed) {

    public Money providerAdjustmentTotal() {
        long sum = 0;
        for (ProviderAdjustment p : providerAdjustments) sum += p.amount().cents();
        return new Money(sum);
    }
}
