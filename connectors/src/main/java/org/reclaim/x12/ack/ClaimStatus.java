package org.reclaim.x12.ack;

import java.time.LocalDate;
import java.util.List;
import org.reclaim.common.Money;

/**
 * A 277CA (or 277) answer about one claim (loop 2200D/2200E): TRN02, REF*1K, STC.
 *
 * @param patientControlNumber TRN02 of the claim loop (CLM01 as submitted)
 * @param payerClaimNumber REF*1K, or null
 * @param category STC01-1 (A1, A2, A3, A6, A7, A8, ...)
 * @param status STC01-2
 * @param accepted false for A3, A6, A7 and A8 (docs/contracts.md §1)
 * @param reasons every STC01 composite of the loop, as "category:status[:entity]"
 * @param paid STC05, the amount paid (a finalized 277 claim), or null
 * @param paidOn STC06, the adjudication or payment date, or null
 */
public record ClaimStatus(
        String patientControlNumber,
        String payerClaimNumber,
        String category,
        String status,
        String entity,
        boolean accepted,
        LocalDate statusDate,
        Money charge,
        LocalDate serviceFrom,
        LocalDate serviceTo,
        List<String> reasons,
        long segment,
        Money paid,
        LocalDate paidOn) {}
