package org.reclaim.x12.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.reclaim.x12.AdjustmentRules;
import org.reclaim.x12.RemittanceTotals;

/**
 * The count-only twin of {@link RemittanceMapper}: adds one 835 transaction up into {@link Totals}
 * in long cents, straight from the segment bytes, with no record per claim, line or adjustment.
 *
 * <p>It must report exactly the problems {@link RemittanceMapper} reports, in the same order: so it
 * reads (and thereby checks) every amount, date and number the full mapper reads, in the same
 * order, under the same conditions, even those it does not otherwise need. The loop structure
 * (which segment opens or closes a claim or line, where a CAS belongs) follows {@link
 * RemittanceMapper} line by line; the differential test in the agent holds the two together.
 */
public final class RemittanceTotalsMapper implements TransactionMapper {

    private static final int ST = 'S' << 8 | 'T';
    private static final int BPR = 'B' << 16 | 'P' << 8 | 'R';
    private static final int TRN = 'T' << 16 | 'R' << 8 | 'N';
    private static final int DTM = 'D' << 16 | 'T' << 8 | 'M';
    private static final int N1 = 'N' << 8 | '1';
    private static final int REF = 'R' << 16 | 'E' << 8 | 'F';
    private static final int LX = 'L' << 8 | 'X';
    private static final int CLP = 'C' << 16 | 'L' << 8 | 'P';
    private static final int CAS = 'C' << 16 | 'A' << 8 | 'S';
    private static final int SVC = 'S' << 16 | 'V' << 8 | 'C';
    private static final int AMT = 'A' << 16 | 'M' << 8 | 'T';
    private static final int PLB = 'P' << 16 | 'L' << 8 | 'B';

    private static final int Q472 = Segment.packed("472");
    private static final int Q150 = Segment.packed("150");
    private static final int Q151 = Segment.packed("151");
    private static final int Q232 = Segment.packed("232");
    private static final int Q233 = Segment.packed("233");
    private static final int Q050 = Segment.packed("050");
    private static final int Q405 = Segment.packed("405");
    private static final int QB6 = Segment.packed("B6");
    private static final int Q22 = Segment.packed("22");
    private static final int QD = Segment.packed("D");

    /** The running totals of a whole file, shared by the mappers of its 835 transactions. */
    public static final class Totals {
        final AdjustmentRules nonWorkable;
        long claims;
        long serviceLines;
        final Map<String, long[]> statusCounts = new LinkedHashMap<>();
        long unbalancedPayments;
        long unbalancedClaims;
        long unbalancedLines;
        long plbCents;
        long denials;
        long denialCents;
        long reversals;

        public Totals(AdjustmentRules nonWorkable) {
            this.nonWorkable = nonWorkable;
        }

        public RemittanceTotals result() {
            Map<String, Long> statuses = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> e : statusCounts.entrySet())
                statuses.put(e.getKey(), e.getValue()[0]);
            return new RemittanceTotals(
                    claims,
                    serviceLines,
                    java.util.Collections.unmodifiableMap(statuses),
                    unbalancedPayments,
                    unbalancedClaims,
                    unbalancedLines,
                    plbCents,
                    denials,
                    denialCents,
                    reversals);
        }
    }

    private final Totals totals;
    private final AdjustmentRules nonWorkable;

    // the transaction header: BPR as last seen, frozen into the payment when its first claim starts
    private boolean bprAmount;
    private long bprCents;
    private boolean bprDebit;
    private boolean paymentStarted;
    private long paymentCents;
    private long claimsPaid;
    private long plbTotal;

    // the open claim
    private boolean claimOpen;
    private String status;
    private boolean reversal;
    private long claimCharge;
    private long claimPaid;
    private long claimCas;
    private long claimWorkable;
    private long claimLineCas;
    private int claimLines;

    // the open line
    private boolean lineOpen;
    private long lineCharge;
    private long linePaid;
    private long lineCas;
    private long lineWorkable;

    public RemittanceTotalsMapper(Totals totals) {
        this.totals = totals;
        this.nonWorkable = totals.nonWorkable;
    }

    @Override
    public void segment(Segment s) {
        int tag = s.tag();
        if (claimOpen) {
            switch (tag) {
                case CAS -> {
                    cas(s);
                    return;
                }
                case DTM -> {
                    int p = s.packed(1);
                    if (lineOpen
                            ? p == Q472 || p == Q150 || p == Q151
                            : p == Q232 || p == Q233 || p == Q050) {
                        s.date(2);
                    }
                    return;
                }
                case SVC -> {
                    startLine(s);
                    return;
                }
                case AMT -> {
                    if (lineOpen && s.packed(1) == QB6) s.cents(2);
                    return;
                }
                // REF, LQ, MOA, MIA: codes only, nothing to check or count
                case CLP, LX, PLB, ST, BPR, TRN, N1 -> {}
                default -> {
                    return;
                }
            }
        }
        // one call site, so that the JIT inlines the header handling (and what it calls) once, not
        // twice
        header(tag, s);
    }

    private void header(int tag, Segment s) {
        switch (tag) {
            case BPR -> {
                bprAmount = s.has(2);
                bprCents = s.cents(2);
                bprDebit = s.packed(3) == QD;
                s.date(16);
            }
            case DTM -> {
                if (!paymentStarted && s.packed(1) == Q405 && s.elementIs(1, "405")) s.date(2);
            }
            case LX, CLP, PLB -> {
                // each closes the open claim: one call site, so the JIT inlines finishClaim once
                finishClaim();
                if (tag == CLP) {
                    startClaim(s);
                } else if (tag == PLB) {
                    s.date(2);
                    for (int i = 3; i + 1 <= 14; i += 2) {
                        if (!s.has(i) && !s.has(i + 1)) continue;
                        plbTotal += s.cents(i + 1);
                    }
                }
            }
            case SVC, CAS -> s.warn(0, "outside a claim (CLP): ignored");
            default -> {}
        }
    }

    private void startPayment() {
        if (paymentStarted) return;
        paymentStarted = true;
        paymentCents = !bprAmount ? 0 : bprDebit ? -bprCents : bprCents;
    }

    /** Starts a claim at its CLP; the previous one is finished already. */
    private void startClaim(Segment s) {
        startPayment();
        claimOpen = true;
        status = s.code(2);
        reversal = s.packed(2) == Q22;
        claimCharge = s.cents(3);
        claimPaid = s.cents(4);
        s.cents(5);
        claimCas = 0;
        claimWorkable = 0;
        claimLineCas = 0;
        claimLines = 0;
    }

    private void startLine(Segment s) {
        finishLine();
        lineOpen = true;
        lineCharge = s.cents(2);
        linePaid = s.cents(3);
        s.checkDecimal(5);
        lineCas = 0;
        lineWorkable = 0;
    }

    /**
     * A CAS of the open line, else of the claim: its amounts, and those of its workable triplets.
     */
    private void cas(Segment s) {
        int group = s.packed(1);
        int last = Math.min(17, s.count());
        long sum = 0;
        long workable = 0;
        for (int i = 2; i <= last; i += 3) {
            if (!s.has(i) && !s.has(i + 1)) continue;
            s.checkDecimal(i + 2);
            long amount = s.cents(i + 1);
            sum += amount;
            if (!nonWorkable.matches(s, group, i)) workable += amount;
        }
        if (lineOpen) {
            lineCas += sum;
            lineWorkable += workable;
        } else {
            claimCas += sum;
            claimWorkable += workable;
        }
    }

    private void finishLine() {
        if (!lineOpen) return;
        if (Math.subtractExact(lineCharge, lineCas) != linePaid) totals.unbalancedLines++;
        claimLineCas += lineCas;
        claimLines++;
        if (!reversal && lineWorkable > 0) {
            totals.denials++;
            totals.denialCents += lineWorkable;
        }
        lineOpen = false;
    }

    private void finishClaim() {
        if (!claimOpen) return;
        finishLine();
        claimsPaid += claimPaid;
        if (Math.subtractExact(claimCharge, claimCas + claimLineCas) != claimPaid)
            totals.unbalancedClaims++;
        if (!reversal && claimWorkable > 0) {
            totals.denials++;
            totals.denialCents += claimWorkable;
        }
        Totals t = totals;
        t.claims++;
        t.serviceLines += claimLines;
        long[] count = t.statusCounts.get(status);
        if (count == null) t.statusCounts.put(status, count = new long[1]);
        count[0]++;
        if (reversal) t.reversals++;
        claimOpen = false;
    }

    @Override
    public void end(boolean closed) {
        finishClaim();
        startPayment();
        if (paymentCents != claimsPaid - plbTotal) totals.unbalancedPayments++;
        totals.plbCents += plbTotal;
    }
}
