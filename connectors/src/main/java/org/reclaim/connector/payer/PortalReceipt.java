package org.reclaim.connector.payer;

import java.util.Objects;

/**
 * The payer's answer to an appeal or reopening request. {@code REFUSED} is an answer (incomplete
 * form, past the filing window, wrong level), not a failure: it is not retried.
 *
 * @param caseId the payer's case or reference number; null when refused without one
 * @param repeated true when the idempotency key had been seen and nothing new was filed
 * @param reason why it was refused; null when accepted
 */
public record PortalReceipt(Outcome outcome, String caseId, boolean repeated, String reason) {

    public enum Outcome {
        ACCEPTED,
        REFUSED
    }

    public PortalReceipt {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == Outcome.ACCEPTED && (caseId == null || caseId.isBlank())) {
            throw new IllegalArgumentException("an accepted request has a case id");
        }
    }

    public static PortalReceipt accepted(String caseId, boolean repeated) {
        return new PortalReceipt(Outcome.ACCEPTED, caseId, repeated, null);
    }

    public static PortalReceipt refused(String caseId, String reason) {
        return new PortalReceipt(Outcome.REFUSED, caseId, false, reason);
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }
}
