package org.reclaim.rejection.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.reclaim.rejection.RejectionStatus;
import org.reclaim.rejection.Resolution;

/**
 * A claim the practice sent that was turned away before adjudication. Its {@code id} is the id of
 * the submitted claim it rejected ({@code claimId}, {@code GET /api/v1/claims/{id}}): one rejection
 * per claim sent, however many answers rejected it.
 *
 * @param date the day of the first rejecting answer (a 277CA's status date, else the day it
 *     arrived)
 * @param rejectedAt when the first rejecting answer arrived
 * @param answers every answer that rejected the claim, in the order they arrived
 * @param resolution null while open
 */
record RejectionView(
        UUID id,
        UUID claimId,
        UUID practiceId,
        String patientControlNumber,
        Party payer,
        BigDecimal charge,
        LocalDate serviceFrom,
        LocalDate serviceTo,
        LocalDate submissionDate,
        OffsetDateTime submittedAt,
        RejectionStatus status,
        LocalDate date,
        OffsetDateTime rejectedAt,
        List<Answer> answers,
        ResolutionView resolution) {

    record Party(String id, String name) {}

    /**
     * One rejecting answer: a 999/997 about the transaction set that carried the claim (code:
     * IK501/AK501, or AK901 for a whole group), or a 277CA about the claim (code: the status
     * category, status: the status code).
     */
    record Answer(
            UUID acknowledgmentId,
            String type,
            String code,
            String status,
            List<String> reasons,
            LocalDate date,
            OffsetDateTime receivedAt) {}

    /**
     * @param claimPaymentId the 835 claim that adjudicated it ({@code ADJUDICATED})
     * @param resubmittedClaimId the later sending of the claim ({@code RESUBMITTED}, {@code
     *     SUPERSEDED})
     * @param closedBy the operator, with {@code note} their reason ({@code CLOSED})
     */
    record ResolutionView(
            Resolution reason,
            OffsetDateTime at,
            UUID claimPaymentId,
            UUID resubmittedClaimId,
            String closedBy,
            String note) {}

    /** With its answers, the first of which dates it. */
    RejectionView withAnswers(List<Answer> list) {
        return new RejectionView(
                id,
                claimId,
                practiceId,
                patientControlNumber,
                payer,
                charge,
                serviceFrom,
                serviceTo,
                submissionDate,
                submittedAt,
                status,
                list.isEmpty() ? null : list.get(0).date(),
                rejectedAt,
                List.copyOf(list),
                resolution);
    }
}
