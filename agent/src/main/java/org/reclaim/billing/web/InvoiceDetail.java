package org.reclaim.billing.web;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.reclaim.billing.InvoiceStatus;

/** {@code GET /api/v1/invoices/{id}}: the invoice with its lines. */
public record InvoiceDetail(
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
        OffsetDateTime paidAt,
        List<InvoiceLineView> lines) {

    static InvoiceDetail of(InvoiceView i, List<InvoiceLineView> lines) {
        return new InvoiceDetail(
                i.id(),
                i.practiceId(),
                i.number(),
                i.month(),
                i.status(),
                i.lineCount(),
                i.totalRecovered(),
                i.totalFee(),
                i.createdAt(),
                i.updatedAt(),
                i.issuedAt(),
                i.paidAt(),
                lines);
    }
}
