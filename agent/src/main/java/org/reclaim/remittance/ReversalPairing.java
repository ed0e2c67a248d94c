package org.reclaim.remittance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reclaim.common.Money;
import org.reclaim.x12.remit.ClaimPayment;

/**
 * Pairs each reversal (CLP02 = 22) with its correction: the next claim for the same patient control
 * number that is not itself a reversal (docs/contracts.md §1). Fed claims in file order; holds only
 * the reversals still waiting for their correction, so it runs in constant memory on any file.
 */
public final class ReversalPairing {

    /**
     * A take-back and, when one followed, its correction.
     *
     * @param correction null when the file holds no correction for the reversal
     */
    public record Pair(ClaimPayment reversal, ClaimPayment correction) {

        /** The payer claim number the reversal takes back (CLP07 of the reversal). */
        public String originalPayerClaimNumber() {
            return reversal.payerClaimNumber();
        }

        /** What the original claim had been paid: the reversal negates it. */
        public Money reversedAmount() {
            return reversal.paid().negate();
        }

        /** The net change in payment: correction paid − originally paid. */
        public Money netChange() {
            return correction == null ? reversal.paid() : correction.paid().plus(reversal.paid());
        }
    }

    private final Map<String, ClaimPayment> waiting = new LinkedHashMap<>();

    /** Returns the pair this claim completes (it is the awaited correction), else null. */
    public Pair accept(ClaimPayment claim) {
        String key = claim.patientControlNumber();
        if (claim.isReversal()) {
            ClaimPayment earlier = waiting.put(key, claim);
            return earlier == null ? null : new Pair(earlier, null);
        }
        if (waiting.isEmpty()) return null;
        ClaimPayment reversal = waiting.remove(key);
        return reversal == null ? null : new Pair(reversal, claim);
    }

    /** The reversals that never met a correction; call once at the end of the file. */
    public List<Pair> unmatched() {
        List<Pair> rest = new ArrayList<>();
        for (ClaimPayment r : waiting.values()) rest.add(new Pair(r, null));
        waiting.clear();
        return rest;
    }
}
