package org.reclaim.connector.payer;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A payer's portal or API, for the actions that are not X12 files: appeals, reopenings, status and
 * authorization look-ups. Every method blocks; the service calls them on a scheduler meant for
 * blocking work. The payer's answers — a refusal, an upheld appeal, a denied claim — come back as
 * data; only a failure to get an answer is a {@link org.reclaim.connector.ConnectorException}.
 */
public interface PayerPortal {

    /** Files an appeal with its packet. Safe to repeat with the same idempotency key. */
    PortalReceipt submitAppeal(AppealSubmission submission);

    /**
     * Asks for a reopening (Medicare's way to correct a processed claim). Safe to repeat with the
     * same key.
     */
    PortalReceipt requestReopening(ReopeningRequest request);

    /** Where an appeal or reopening stands, by the case id of its receipt. */
    CaseStatus appealStatus(String caseId);

    /** Where a claim stands, by the payer's claim control number (CLP07). */
    ClaimStatusAnswer claimStatus(String payerClaimNumber);

    /**
     * The payer's authorization covering {@code procedure} for the member on {@code serviceDate},
     * if any.
     */
    Optional<AuthorizationRecord> lookupAuthorization(
            String memberId, String procedure, LocalDate serviceDate);
}
