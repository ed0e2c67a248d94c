package org.reclaim.remittance;

import java.util.ArrayList;
import java.util.List;
import org.reclaim.common.Money;
import org.reclaim.x12.AdjustmentRules;
import org.reclaim.x12.remit.Adjustment;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.ServiceLine;

/**
 * Finds the denials of one 835 claim (docs/contracts.md §1). Detection is per service line, so a $0
 * line inside a "paid" claim is found; a reversal (CLP02 = 22) is a take-back and yields no denial.
 */
public final class Identification {

    private final Workability workability;

    public Identification(Workability workability) {
        this.workability = workability;
    }

    public static Identification contractDefault() {
        return new Identification(Workability.CONTRACT_DEFAULT);
    }

    /**
     * {@link Workability#nonWorkableRules()}: null when the rule cannot be checked on the bytes.
     */
    public AdjustmentRules nonWorkableRules() {
        return workability.nonWorkableRules();
    }

    public boolean workable(Adjustment adjustment) {
        return workability.workable(adjustment);
    }

    public List<IdentifiedDenial> denials(ClaimPayment claim) {
        if (claim.isReversal()) return List.of();
        // most claims have no denial: the list is made only for the first one found
        List<IdentifiedDenial> found = null;
        List<ServiceLine> lines = claim.lines();
        // -1 is the claim level, then each line: one call site, so the JIT compiles the check once
        for (int i = -1, n = lines.size(); i < n; i++) {
            IdentifiedDenial d = denial(claim, i < 0 ? null : lines.get(i));
            if (d != null) {
                if (found == null) found = new ArrayList<>(2);
                found.add(d);
            }
        }
        return found == null ? List.of() : found;
    }

    /**
     * The denial of a line, or of the claim level when {@code line} is null: the largest workable
     * adjustment (first in file order on a tie) is the primary one; none when the workable sum is
     * not positive.
     */
    private IdentifiedDenial denial(ClaimPayment claim, ServiceLine line) {
        List<Adjustment> adjustments = line == null ? claim.adjustments() : line.adjustments();
        Adjustment primary = null;
        long sum = 0;
        for (int i = 0, n = adjustments.size(); i < n; i++) {
            Adjustment a = adjustments.get(i);
            if (!workability.workable(a)) continue;
            sum += a.amount().cents();
            if (primary == null || a.amount().cents() > primary.amount().cents()) primary = a;
        }
        if (sum <= 0) return null;
        Money amount = new Money(sum);
        if (line == null) {
            return new IdentifiedDenial(
                    null,
                    null,
                    List.of(),
                    claim.serviceFrom(),
                    claim.charge(),
                    claim.paid(),
                    primary.group(),
                    primary.carc(),
                    claim.remarks(),
                    amount,
                    adjustments);
        }
        return new IdentifiedDenial(
                line.index(),
                line.procedure(),
                line.modifiers(),
                line.serviceFrom() != null ? line.serviceFrom() : claim.serviceFrom(),
                line.charge(),
                line.paid(),
                primary.group(),
                primary.carc(),
                line.rarcs(),
                amount,
                adjustments);
    }
}
