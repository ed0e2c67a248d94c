package org.reclaim.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.UUID;

/** An invoice went DRAFT → ISSUED and got its number. */
public record InvoiceIssued(
        UUID invoice,
        UUID practice,
        String number,
        YearMonth month,
        int lines,
        BigDecimal totalRecovered,
        BigDecimal totalFee,
        Instant at) {}
