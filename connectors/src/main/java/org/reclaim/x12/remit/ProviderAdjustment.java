package org.reclaim.x12.remit;

import java.time.LocalDate;
import org.reclaim.common.Money;

/**
 * One (reason, amount) pair of a PLB segment. A positive amount reduces the payment.
 *
 * @param reasonCode PLB03-1 (WO, FB, L6, CV, ...)
 * @param reference PLB03-2, or null
 */
public record ProviderAdjustment(
        String providerId,
        LocalDate fiscalPeriodDate,
        String reasonCode,
        String reference,
        Money amount,
        long segment) {}
