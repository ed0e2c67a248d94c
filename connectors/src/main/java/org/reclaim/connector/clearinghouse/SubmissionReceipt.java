package org.reclaim.connector.clearinghouse;

import java.util.Objects;

/**
 * What the clearinghouse said to a submission. A rejection is an answer, not a failure: the file
 * was looked at and refused (bad envelope, unknown submitter), and sending it again will not help.
 *
 * @param id the clearinghouse's id for the file (the outbox file name for the folder flavour); null
 *     when rejected without one
 * @param status accepted for delivery, or rejected
 * @param repeated true when this idempotency key had been submitted before and nothing new was sent
 * @param reason why it was rejected; null when accepted
 */
public record SubmissionReceipt(String id, Status status, boolean repeated, String reason) {

    public enum Status {
        ACCEPTED,
        REJECTED
    }

    public SubmissionReceipt {
        Objects.requireNonNull(status, "status");
        if (status == Status.ACCEPTED && (id == null || id.isBlank())) {
            throw new IllegalArgumentException("an accepted submission has an id");
        }
    }

    public static SubmissionReceipt accepted(String id, boolean repeated) {
        return new SubmissionReceipt(id, Status.ACCEPTED, repeated, null);
    }

    public static SubmissionReceipt rejected(String id, String reason) {
        return new SubmissionReceipt(id, Status.REJECTED, false, reason);
    }

    public boolean accepted() {
        return status == Status.ACCEPTED;
    }
}
