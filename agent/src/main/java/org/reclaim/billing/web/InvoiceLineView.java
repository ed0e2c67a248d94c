package org.reclaim.billing.web;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One line: the denial resolved (its claim and payer), what was recovered and the fee for it. */
public record InvoiceLineView(
        UUID id,
        UUID billableEventId,
        UUID denialId,
        String patientControlNumber,
        String payerClaimNumber,
        String payerId,
        String payerName,
        OffsetDateTime resolvedAt,
        BigDecimal recovered,
        BigDecimal fee) {}
