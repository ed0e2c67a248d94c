package org.reclaim.x12.claim;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.reclaim.common.Money;

/**
 * One service line (loop 2400): SV1 (837P) or SV2 (837I).
 *
 * @param index 1-based LX position within the claim
 * @param revenueCode SV201 (837I), or null
 * @param diagnosisPointers SV107 pointers (837P), 1-based into the claim's diagnoses
 * @param controlNumber REF*6R, or null
 */
public record ClaimLine(
        int index,
        String procedureQualifier,
        String procedure,
        List<String> modifiers,
        Money charge,
        String unitQualifier,
        BigDecimal units,
        LocalDate serviceFrom,
        LocalDate serviceTo,
        String revenueCode,
        String placeOfService,
        List<Integer> diagnosisPointers,
        String controlNumber,
        long segment) {}
