package org.reclaim.x12.synth;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.reclaim.common.Money;
import org.reclaim.x12.synth.RemitWriter.ProviderAdjustment;

/**
 * Generates a synthetic 837P and the 835 remittances answering it, in one pass with constant
 * memory: claims are drawn one at a time; only the open 835 transaction (at most {@link
 * GeneratorOptions#claimsPerTransaction()} claims) and the claims awaiting a reversal are held.
 *
 * <p>Batches: each batch is one 837 transaction and the one 835 transaction (one payer, one payee)
 * that answers it. A claim picked for reversal is reversed (CLP02 22) and corrected (new payer
 * claim number, REF*F8 = the original) in the first later remittance of the same payer and payee
 * paid after the original.
 */
public final class Generator {

    private static final ProviderAdjustment[] NO_PLB = {};

    /**
     * Above this many claims waiting for one payer and payee, their reversals go out in a
     * remittance of their own.
     */
    private static final int MAX_PENDING = 5_000;

    private record Pending(PlannedClaim claim, LocalDate paidOn) {}

    private final GeneratorOptions options;
    private final Rng rng;
    private final String tag;
    private final String traceTag;
    private final Planner planner;
    private final LocalDate base;
    private final String time;
    private final SegmentWriter claimOut;
    private final SegmentWriter remitOut;
    private final ClaimWriter claims;
    private final RemitWriter remits;
    private final List<ArrayDeque<Pending>> pending = new ArrayList<>();
    private final OutputStream claimStream;
    private final OutputStream remitStream;
    private final boolean remitWritten;

    private long generated;
    private long serviceLines;
    private long deniedClaims;
    private long deniedLines;
    private long claimLevelDenials;
    private long secondaryClaims;
    private long reversals;
    private long providerAdjustments;
    private long totalCharge;
    private long totalPaid;
    private long batch;
    private long claimTransactions;

    private Generator(GeneratorOptions options, OutputStream claims837, OutputStream remit835) {
        this.options = options;
        long seed = options.seed();
        this.rng = new Rng(Rng.mix(seed, 0));
        this.tag = base36(Math.floorMod(Rng.mix(seed, 2), 36L * 36 * 36 * 36), 4);
        this.traceTag = Planner.pad(Math.floorMod(Rng.mix(seed, 5), 10_000L), 4);
        this.planner = new Planner(options, rng, tag);
        this.base = options.resolvedBaseDate();
        long t = Math.floorMod(Rng.mix(seed, 6), 600L);
        this.time = Planner.pad(8 + t / 60, 2) + Planner.pad(t % 60, 2);
        // the writers draw nothing from rng, so leaving the 837 out cannot change the 835; the 835
        // is
        // always formatted (to a null stream if need be) because --size measures it
        this.claimStream = claims837;
        this.remitWritten = remit835 != null;
        this.remitStream = remit835 == null ? OutputStream.nullOutputStream() : remit835;
        this.claimOut =
                claims837 == null ? null : new SegmentWriter(claims837, options.lineBreaks());
        this.remitOut = new SegmentWriter(remitStream, options.lineBreaks());
        this.claims =
                claims837 == null
                        ? null
                        : new ClaimWriter(
                                claimOut,
                                1 + Math.floorMod(Rng.mix(seed, 3), 999_999_998L),
                                base.plusDays(31 + options.submissionDays()),
                                time);
        this.remits =
                new RemitWriter(
                        remitOut,
                        options.lineBreaks(),
                        1 + Math.floorMod(Rng.mix(seed, 4), 999_999_998L),
                        base.plusDays(95 + options.submissionDays()),
                        time);
        for (int i = 0; i < Catalog.PAYERS.length * Catalog.PRACTICES.length; i++)
            pending.add(new ArrayDeque<>());
    }

    /**
     * Writes the 837P to {@code claims837} and the 835 to {@code remit835}; either may be null to
     * skip it (the other is byte-identical to a run writing both). The streams are flushed, not
     * closed.
     */
    public static GeneratedSummary write(
            GeneratorOptions options, OutputStream claims837, OutputStream remit835) {
        return new Generator(options, claims837, remit835).run();
    }

    private GeneratedSummary run() {
        while (more()) batch();
        for (int key = 0; key < pending.size(); key++) {
            if (!pending.get(key).isEmpty()) reversalsOnly(key);
        }
        if (claims != null) claims.close();
        remits.close();
        try {
            if (claimStream != null) claimStream.flush();
            remitStream.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GeneratedSummary(
                generated,
                serviceLines,
                deniedClaims,
                deniedLines,
                claimLevelDenials,
                secondaryClaims,
                reversals,
                remits.claims(),
                remits.adjustments(),
                providerAdjustments,
                claimTransactions,
                remits.transactions(),
                new Money(totalCharge),
                new Money(totalPaid),
                claimOut == null ? 0 : claimOut.bytes(),
                remitWritten ? remitOut.bytes() : 0);
    }

    private boolean more() {
        return options.targetRemitBytes() > 0
                ? remits.bytes() < options.targetRemitBytes()
                : generated < options.claims();
    }

    private void batch() {
        batch++;
        Catalog.Payer payer = Catalog.PAYERS[rng.weighted(Catalog.PAYER_WEIGHTS)];
        Catalog.Practice practice = Catalog.PRACTICES[rng.weighted(Catalog.PRACTICE_WEIGHTS)];
        LocalDate submitted = base.plusDays(rng.between(30, 30 + options.submissionDays()));
        LocalDate paid = submitted.plusDays(rng.between(14, 35));
        int max = options.claimsPerTransaction();
        int size = rng.between((max + 1) / 2, max);

        claimTransactions++;
        if (claims != null)
            claims.begin(practice, submitted, time, "B" + tag + Planner.pad(batch, 6));
        remits.begin();
        List<PlannedClaim> reversedLater = new ArrayList<>();
        for (int i = 0; i < size && more(); i++) {
            PlannedClaim c = planner.next(payer, practice, submitted);
            count(c);
            if (claims != null) claims.claim(c);
            remits.claim(c, c.adjudication);
            if (rng.chance(options.reversalRate())) reversedLater.add(c);
        }
        ArrayDeque<Pending> waiting = pending.get(key(payer, practice));
        for (Iterator<Pending> it = waiting.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.paidOn().isBefore(paid)) {
                it.remove();
                reverse(p.claim(), paid);
            }
        }
        for (PlannedClaim c : reversedLater) waiting.add(new Pending(c, paid));
        if (claims != null) claims.end();
        endRemittance(payer, practice, paid);
        if (waiting.size() > MAX_PENDING) reversalsOnly(key(payer, practice));
    }

    /** A remittance carrying nothing but reversals and their corrections. */
    private void reversalsOnly(int key) {
        batch++;
        Catalog.Payer payer = Catalog.PAYERS[key / Catalog.PRACTICES.length];
        Catalog.Practice practice = Catalog.PRACTICES[key % Catalog.PRACTICES.length];
        ArrayDeque<Pending> waiting = pending.get(key);
        LocalDate latest = base;
        for (Pending p : waiting) if (p.paidOn().isAfter(latest)) latest = p.paidOn();
        LocalDate paid = latest.plusDays(rng.between(7, 14));
        remits.begin();
        while (!waiting.isEmpty()) reverse(waiting.poll().claim(), paid);
        endRemittance(payer, practice, paid);
    }

    private void reverse(PlannedClaim c, LocalDate paid) {
        reversals++;
        remits.claim(c, c.adjudication.reversal());
        remits.claim(c, planner.correction(c, paid.minusDays(rng.between(3, 10))));
    }

    private void endRemittance(Catalog.Payer payer, Catalog.Practice practice, LocalDate paid) {
        long claimsPaid = remits.paidInTransaction();
        String trace = traceTag + Planner.pad(batch, 8);
        List<ProviderAdjustment> plb = new ArrayList<>(2);
        long plbTotal = 0;
        if (rng.chance(options.providerAdjustmentRate())) {
            if (rng.chance(0.5)) {
                // interest the payer owes for paying late: increases the payment, so negative
                long interest = -rng.between(25, 2500);
                plb.add(
                        new ProviderAdjustment(
                                "L6",
                                payer.claimPrefix() + tag + "I" + Planner.pad(batch, 7),
                                interest));
                plbTotal += interest;
            } else {
                long recovery = Math.min(claimsPaid, rng.between(20, 300) * 100L);
                if (recovery >= 100) {
                    plb.add(
                            new ProviderAdjustment(
                                    "WO",
                                    payer.claimPrefix() + tag + "R" + Planner.pad(batch, 7),
                                    recovery));
                    plbTotal += recovery;
                }
            }
        }
        if (claimsPaid - plbTotal < 0) {
            // a payment is never negative: the shortfall is carried forward to a later remittance
            long forward = claimsPaid - plbTotal;
            plb.add(new ProviderAdjustment("FB", trace, forward));
        }
        providerAdjustments += plb.size();
        totalPaid += remits.end(payer, practice, paid, trace, plb.toArray(NO_PLB));
    }

    private void count(PlannedClaim c) {
        generated++;
        serviceLines += c.lines.length;
        totalCharge += c.charge;
        if (c.secondary()) secondaryClaims++;
        if (c.claimLevelDenial) {
            claimLevelDenials++;
            deniedClaims++;
        } else if (c.deniedLines > 0) {
            deniedLines += c.deniedLines;
            deniedClaims++;
        }
    }

    private static int key(Catalog.Payer payer, Catalog.Practice practice) {
        return payer.index() * Catalog.PRACTICES.length + practice.index();
    }

    private static String base36(long n, int width) {
        String s = Long.toString(n, 36).toUpperCase(java.util.Locale.ROOT);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
