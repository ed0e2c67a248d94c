package org.reclaim.remittance;

import java.util.ArrayList;
import java.util.List;
import org.reclaim.common.Money;
import org.reclaim.x12.remit.Adjustment;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.ServiceLine;

/**
 * Finds the denials of one 835 claim (CONTRACTS §1). Detection is per service line, so a $0 line
 * inside a "paid" claim is found; a reversal (CLP02 = 22) is a take-back and yields no denial.
 */
public final class Identification {

    private final Workability workability;

    public Identification(Workability workability) {
        this.workability = workability;
    }

    public static Identification contractDefault() {
        return new Identification(Workability.CONTRACT_DEFAULT);
    }

    public boolean workable(Adjustment adjustment) {
        return workability.workable(adjustment);
    }

    public List<IdentifiedDenial> denials(ClaimPayment claim) {
        if (claim.isReversal()) return List.of();
        // most claims have no denial: the list is made only for the first one found
        List<IdentifiedDenial> found = null;
        IdentifiedDenial claimLevel = claimLevel(claim);
        if (claimLevel != null) {
            found = new ArrayList<>(2);
            found.add(claimLevel);
        }
        List<ServiceLine> lines = claim.lines();
        for (int i = 0, n = lines.size(); i < n; i++) {
            IdentifiedDenial d = lineLevel(claim, lines.get(i));
            if (d != null) {
                if (found == null) found = new ArrayList<>(2);
                found.add(d);
            }
        }
        return found == null ? List.of() : found;
    }

    private IdentifiedDenial claimLevel(ClaimPayment claim) {
        Adjustment primary = primary(claim.adjustments());
        if (primary == null) return null;
        return new IdentifiedDenial(null, null, List.of(), claim.serviceFrom(), claim.charge(), claim.paid(),
                primary.group(), primary.carc(), claim.remarks(), workableTotal(claim.adjustments()),
                claim.adjustments());
    }

    private IdentifiedDenial lineLevel(ClaimPayment claim, ServiceLine line) {
        Adjustment primary = primary(line.adjustments());
        if (primary == null) return null;
        return new IdentifiedDenial(line.index(), line.procedure(), line.modifiers(),
                line.serviceFrom() != null ? line.serviceFrom() : claim.serviceFrom(), line.charge(), line.paid(),
                primary.group(), primary.carc(), line.rarcs(), workableTotal(line.adjustments()),
                line.adjustments());
    }

    /** The largest workable adjustment (first in file order on a tie), or null when the workable sum is not positive. */
    private Adjustment primary(List<Adjustment> adjustments) {
        Adjustment primary = null;
        long sum = 0;
        for (int i = 0, n = adjustments.size(); i < n; i++) {
            Adjustment a = adjustments.get(i);
            if (!workability.workable(a)) continue;
            sum += a.amount().cents();
            if (primary == null || a.amount().cents() > primary.amount().cents()) primary = a;
        }
        return sum > 0 ? primary : null;
    }

    private Money workableTotal(List<Adjustment> adjustments) {
        long sum = 0;
        for (Adjustment a : adjustments) {
            if (workability.workable(a)) sum += a.amount().cents();
        }
        return new Money(sum);
    }
}
