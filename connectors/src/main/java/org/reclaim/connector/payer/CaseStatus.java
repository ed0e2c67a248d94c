package org.reclaim.connector.payer;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.reclaim.common.Money;

/**
 * Where an appeal or reopening stands at the payer.
 *
 * @param state our reading of the payer's status
 * @param payerStatus the payer's own word for it, kept for the audit trail (null if none)
 * @param paidAmount what the payer will pay after the decision; null unless overturned
 * @param reason the payer's explanation, if given
 * @param decidedOn date of the decision, if decided
 */
public record CaseStatus(
        String caseId,
        State state,
        String payerStatus,
        Money paidAmount,
        String reason,
        LocalDate decidedOn) {

    public enum State {
        RECEIVED,
        IN_REVIEW,
        /** the payer wants more documents before deciding */
        INFORMATION_REQUESTED,
        OVERTURNED,
        PARTIALLY_OVERTURNED,
        UPHELD,
        /** closed without a decision on the merits (untimely, wrong level, withdrawn) */
        DISMISSED,
        /** the payer's word is not one we know, or the case was not found */
        UNKNOWN;

        public boolean decided() {
            return this == OVERTURNED
                    || this == PARTIALLY_OVERTURNED
                    || this == UPHELD
                    || this == DISMISSED;
        }
    }

    public CaseStatus {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(state, "state");
    }

    public Optional<Money> paid() {
        return Optional.ofNullable(paidAmount);
    }
}
