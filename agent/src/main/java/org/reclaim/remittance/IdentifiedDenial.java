package org.reclaim.remittance;

import java.time.LocalDate;
import java.util.List;
import org.reclaim.common.Money;
import org.reclaim.x12.remit.Adjustment;

/**
 * A denial as docs/contracts.md §1 defines it, found in one 835 claim: a denied service line, or
 * the claim-level denial made of the claim's workable claim-level adjustments ({@code line} null).
 *
 * @param line 1-based index of the service line within its claim, null at claim level
 * @param group group code of the primary (largest workable) adjustment
 * @param carc CARC of the primary adjustment
 * @param amount Σ of the workable adjustments
 * @param adjustments every adjustment of the line (or every claim-level adjustment), workable or
 *     not
 */
public record IdentifiedDenial(
        Integer line,
        String procedure,
        List<String> modifiers,
        LocalDate serviceDate,
        Money charge,
        Money paid,
        String group,
        String carc,
        List<String> rarcs,
        Money amount,
        List<Adjustment> adjustments) {}
