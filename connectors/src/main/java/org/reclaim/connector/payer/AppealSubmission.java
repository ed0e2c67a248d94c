package org.reclaim.connector.payer;

import java.util.Map;
import java.util.Objects;

/**
 * An appeal to file through a payer's portal.
 *
 * @param idempotencyKey the same on every retry of this submission; a next-level appeal is a new
 *     submission with a new key
 * @param payerId the payer's id (N1*PR)
 * @param payerClaimNumber CLP07 of the claim appealed
 * @param patientControlNumber CLP01
 * @param appealLevel 1 for the first level (redetermination), 2 for the next…
 * @param packetPdf the appeal packet (letter, summary, evidence index), as rendered
 * @param extraFields payer-specific form fields, sent as given (names not mapped)
 */
public record AppealSubmission(
        String idempotencyKey,
        String payerId,
        String payerClaimNumber,
        String patientControlNumber,
        int appealLevel,
        byte[] packetPdf,
        Map<String, String> extraFields) {

    public AppealSubmission {
        Requests.key(idempotencyKey);
        Requests.required("payerId", payerId);
        Requests.required("payerClaimNumber", payerClaimNumber);
        Requests.required("patientControlNumber", patientControlNumber);
        if (appealLevel < 1)
            throw new IllegalArgumentException("appeal level starts at 1, was " + appealLevel);
        Objects.requireNonNull(packetPdf, "packetPdf");
        if (packetPdf.length == 0) throw new IllegalArgumentException("an appeal needs its packet");
        extraFields = Map.copyOf(extraFields == null ? Map.of() : extraFields);
    }

    @Override
    public String toString() {
        return "AppealSubmission["
                + payerId
                + " claim "
                + payerClaimNumber
                + " level "
                + appealLevel
                + ", packet "
                + packetPdf.length
                + " bytes]";
    }
}
