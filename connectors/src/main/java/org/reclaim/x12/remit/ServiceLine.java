package org.reclaim.x12.remit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.reclaim.common.Money;

/**
 * One SVC loop (2110) of a claim.
 *
 * @param index 1-based position of the line within its claim
 * @param procedureQualifier SVC01-1 (HC, NU, ...)
 * @param procedure SVC01-2
 * @param modifiers SVC01-3..6
 * @param charge SVC02
 * @param paid SVC03
 * @param revenueCode SVC04 (institutional), or null
 * @param units SVC05 (default 1 when absent), may be null when unreadable
 * @param serviceFrom DTM*472 or DTM*150
 * @param serviceTo DTM*151, else serviceFrom
 * @param allowed AMT*B6, or null
 * @param adjustments line-level CAS triplets, in file order
 * @param rarcs LQ*HE remark codes
 * @param controlNumber REF*6R line item control number, or null
 * @param segment 1-based ordinal of the SVC segment in the file
 */
public record ServiceLine(
        int index,
        String procedureQualifier,
        String procedure,
        List<String> modifiers,
        Money charge,
        Money paid,
        String revenueCode,
        BigDecimal units,
        LocalDate serviceFrom,
        LocalDate serviceTo,
        Money allowed,
        List<Adjustment> adjustments,
        List<String> rarcs,
        String controlNumber,
        long segment) {

    public Money adjustmentTotal() {
        long sum = 0;
        for (Adjustment a : adjustments) sum += a.amount().cents();
        return new Money(sum);
    }

    /** SVC02 − Σ line CAS = SVC03. */
    public boolean balanced() {
        return paid != null
                && Math.subtractExact(charge.cents(), adjustmentCents()) == paid.cents();
    }

    long adjustmentCents() {
        long sum = 0;
        for (int i = 0, n = adjustments.size(); i < n; i++)
            sum += adjustments.get(i).amount().cents();
        return sum;
    }
}
