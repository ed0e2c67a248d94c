package org.reclaim.connector.payer;

import java.util.Map;

/**
 * A request to reopen a processed claim and correct it.
 *
 * @param correction what is wrong and what it should be, in words the payer's reviewer reads
 * @param extraFields payer-specific form fields, sent as given (names not mapped)
 */
public record ReopeningRequest(
        String idempotencyKey,
        String payerId,
        String payerClaimNumber,
        String patientControlNumber,
        String correction,
        Map<String, String> extraFields) {

    public ReopeningRequest {
        Requests.key(idempotencyKey);
        Requests.required("payerId", payerId);
        Requests.required("payerClaimNumber", payerClaimNumber);
        Requests.required("patientControlNumber", patientControlNumber);
        Requests.required("correction", correction);
        extraFields = Map.copyOf(extraFields == null ? Map.of() : extraFields);
    }
}
