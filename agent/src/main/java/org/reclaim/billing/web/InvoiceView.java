package org.reclaim.billing.web;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.reclaim.billing.InvoiceStatus;

/**
 * An invoice in a list: its month ({@code YYYY-MM}), status and totals. {@code number} is set once
 * issued.
 */
public record InvoiceView(
        UUID id,
        UUID practiceId,
        String number,
        String month,
        InvoiceStatus status,
        int lineCount,
        BigDecimal totalRecovered,
        BigDecimal totalFee,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime issuedAt,
        OffsetDateTime paidAt) {}
