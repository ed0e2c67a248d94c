package org.reclaim.connector.payer;

import java.util.Objects;
import java.util.Optional;
import org.reclaim.common.Money;

/**
 * Where a claim stands at the payer, read from a portal (the same categories as a 277).
 *
 * @param payerStatus the payer's own status word or 277 category code (e.g. {@code F2}), kept as
 *     said
 * @param paidAmount paid so far, when the payer says
 */
public record ClaimStatusAnswer(
        String payerClaimNumber,
        Category category,
        String payerStatus,
        Money paidAmount,
        String reason) {

    public enum Category {
        /** A0–A2: received, accepted for processing */
        RECEIVED,
        /** P0–P2, P4, P5: pending */
        PENDING,
        /** P3: the payer asked the provider for information */
        INFORMATION_REQUESTED,
        /** F1 */
        PAID,
        /** F2 */
        DENIED,
        /** F4: finalized, no payment forthcoming */
        NO_PAYMENT,
        /** A3, A6–A8: returned or rejected before adjudication */
        REJECTED,
        /** A4 or 404: the payer has no such claim */
        NOT_FOUND,
        UNKNOWN
    }

    public ClaimStatusAnswer {
        Objects.requireNonNull(payerClaimNumber, "payerClaimNumber");
        Objects.requireNonNull(category, "category");
    }

    public Optional<Money> paid() {
        return Optional.ofNullable(paidAmount);
    }
}
