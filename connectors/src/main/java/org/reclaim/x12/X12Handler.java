package org.reclaim.x12;

import org.reclaim.x12.ack.Acknowledgment;
import org.reclaim.x12.ack.Eligibility;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.claim.SubmittedClaim;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.Payment;
import org.reclaim.x12.remit.PaymentSummary;

/**
 * Receives what {@link X12Files#read} finds, in file order, as soon as each piece is complete, so
 * that a file of any size is read in constant memory. Every method has a do-nothing default.
 *
 * <p>For an 835 transaction the order is: {@link #paymentStart} once (before its first claim, or at
 * its end when it has none), {@link #remittanceClaim} per CLP loop, {@link #paymentEnd} once.
 */
public interface X12Handler {

    default void paymentStart(Payment payment) {}

    default void remittanceClaim(Payment payment, ClaimPayment claim) {}

    default void paymentEnd(PaymentSummary summary) {}

    default void submittedClaim(SubmittedClaim claim) {}

    /**
     * Everything of one 837P claim needed to write it again, called right after {@link
     * #submittedClaim} for the same claim. Only built when the handler overrides this method (it
     * costs a copy of the claim's loops), and only for professional claims.
     */
    default void claimDocument(ClaimDocument document) {}

    default void acknowledgment(Acknowledgment ack) {}

    /** One subscriber or dependent of a 271 eligibility response. */
    default void eligibility(Eligibility eligibility) {}

    /**
     * Called for every problem as it is found (they are also collected, capped, in the {@link
     * FileReport}).
     */
    default void problem(Problem problem) {}
}
