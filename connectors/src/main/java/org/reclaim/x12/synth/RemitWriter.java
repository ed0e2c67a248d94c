package org.reclaim.x12.synth;

import java.time.LocalDate;
import org.reclaim.x12.synth.PlannedClaim.Adjudication;
import org.reclaim.x12.synth.PlannedClaim.Cas;
import org.reclaim.x12.synth.PlannedClaim.LineResult;

/**
 * Writes 835 (005010X221A1) transactions. Claims of a transaction go to an in-memory body first
 * because BPR02, which comes before them, is their sum; the body is bounded by the batch size.
 */
final class RemitWriter {

    private static final String VERSION = "005010X221A1";

    /** One PLB adjustment: positive amounts reduce the payment. */
    record ProviderAdjustment(String reason, String reference, long amount) {}

    private final SegmentWriter w;
    private final SegmentWriter body;
    private final Envelope envelope;
    private long paidInTransaction;
    private long adjustments;
    private long claims;

    RemitWriter(
            SegmentWriter w, boolean lineBreaks, long controlNumber, LocalDate date, String time) {
        this.w = w;
        this.body = new SegmentWriter(null, lineBreaks);
        this.envelope = new Envelope(w, controlNumber);
        envelope.open(Catalog.PAYERS_SENDER_ID, Catalog.SUBMITTER_ID, date, time, "HP", VERSION);
    }

    void begin() {
        body.resetSegments();
        paidInTransaction = 0;
        body.seg("LX").e(1).end();
    }

    void claim(PlannedClaim c, Adjudication a) {
        claims++;
        paidInTransaction += a.paid();
        SegmentWriter b = body;
        b.seg("CLP").e(c.patientControlNumber).e(a.status()).money(a.charge()).money(a.paid());
        if (a.patientResponsibility() != 0) b.money(a.patientResponsibility());
        else b.e();
        b.e(c.payer.filingCode()).e(a.payerClaimNumber()).e(c.placeOfService).e("1").end();
        cas(a.adjustments());
        if (c.patient == null) {
            b.seg("NM1")
                    .e("QC")
                    .e("1")
                    .e(c.subscriber.lastName())
                    .e(c.subscriber.firstName())
                    .skip(3)
                    .e("MI")
                    .e(c.subscriber.id())
                    .end();
        } else {
            b.seg("NM1").e("QC").e("1").e(c.patient.lastName()).e(c.patient.firstName()).end();
            b.seg("NM1")
                    .e("IL")
                    .e("1")
                    .e(c.subscriber.lastName())
                    .e(c.subscriber.firstName())
                    .skip(3)
                    .e("MI")
                    .e(c.subscriber.id())
                    .end();
        }
        b.seg("NM1")
                .e("82")
                .e("1")
                .e(c.doctor.lastName())
                .e(c.doctor.firstName())
                .skip(3)
                .e("XX")
                .e(c.doctor.npi())
                .end();
        if (a.remarks().length > 0) {
            b.seg("MOA").skip(2);
            for (String r : a.remarks()) b.e(r);
            b.end();
        }
        if (a.originalPayerClaimNumber() != null)
            b.seg("REF").e("F8").e(a.originalPayerClaimNumber()).end();
        b.seg("DTM").e("050").date(a.received()).end();
        for (LineResult l : a.lines()) {
            b.seg("SVC").e("HC").c(l.line().procedure().code());
            if (l.line().modifier() != null) b.c(l.line().modifier());
            b.money(l.charge()).money(l.paid()).e().e(l.line().units()).end();
            b.seg("DTM").e("472").date(l.line().serviceDate()).end();
            cas(l.adjustments());
            if (l.allowed() != PlannedClaim.NO_ALLOWED)
                b.seg("AMT").e("B6").money(l.allowed()).end();
            for (String r : l.remarks()) b.seg("LQ").e("HE").e(r).end();
        }
    }

    /** Σ CLP04 of the open transaction. */
    long paidInTransaction() {
        return paidInTransaction;
    }

    /**
     * Closes the transaction: writes its header (BPR02 = Σ CLP04 − Σ PLB), the buffered claims, the
     * PLB segment and SE. Returns BPR02.
     */
    long end(
            Catalog.Payer payer,
            Catalog.Practice payee,
            LocalDate paid,
            String trace,
            ProviderAdjustment[] providerAdjustments) {
        long plb = 0;
        for (ProviderAdjustment p : providerAdjustments) plb += p.amount();
        long amount = paidInTransaction - plb;
        if (amount < 0) throw new IllegalStateException("negative payment " + amount);
        String control = envelope.nextTransaction();
        w.resetSegments();
        w.seg("ST").e("835").e(control).end();
        if (amount == 0) {
            w.seg("BPR").e("H").money(0).e("C").e("NON").skip(11).date(paid).end();
        } else if (payer.ach()) {
            w.seg("BPR")
                    .e("I")
                    .money(amount)
                    .e("C")
                    .e("ACH")
                    .e("CCP")
                    .e("01")
                    .e(Catalog.PAYER_ROUTING)
                    .e("DA")
                    .e("10" + payer.tin())
                    .e("1" + payer.tin())
                    .e()
                    .e("01")
                    .e(Catalog.PAYEE_ROUTING)
                    .e("DA")
                    .e("20" + payee.ein())
                    .date(paid)
                    .end();
        } else {
            w.seg("BPR").e("I").money(amount).e("C").e("CHK").skip(11).date(paid).end();
        }
        w.seg("TRN").e("1").e(trace).e("1" + payer.tin()).end();
        w.seg("DTM").e("405").date(paid).end();
        w.seg("N1").e("PR").e(payer.name()).e("XV").e(payer.id()).end();
        w.seg("N3").e("1 TEST PAYER PLAZA").end();
        w.seg("N4").e("TESTVILLE").e("OH").e("43215").end();
        w.seg("REF").e("2U").e(payer.id()).end();
        w.seg("PER").e("BL").e("TEST EDI SUPPORT").e("TE").e("5555550199").end();
        w.seg("N1").e("PE").e(payee.name()).e("XX").e(payee.npi()).end();
        w.seg("N3").e(payee.street()).end();
        w.seg("N4").e(payee.city()).e(payee.state()).e(payee.zip()).end();
        w.seg("REF").e("TJ").e(payee.ein()).end();
        body.drainTo(w);
        for (int i = 0; i < providerAdjustments.length; i += 6) {
            w.seg("PLB").e(payee.npi()).date(LocalDate.of(paid.getYear(), 12, 31));
            for (int j = i; j < Math.min(i + 6, providerAdjustments.length); j++) {
                ProviderAdjustment p = providerAdjustments[j];
                w.e(p.reason()).c(p.reference()).money(p.amount());
            }
            w.end();
        }
        w.seg("SE"); // seg() has counted SE itself
        w.e(w.segments()).e(control).end();
        return amount;
    }

    void close() {
        envelope.close();
    }

    long transactions() {
        return envelope.transactions();
    }

    long adjustments() {
        return adjustments;
    }

    long claims() {
        return claims;
    }

    /** Bytes written plus bytes of the open transaction. */
    long bytes() {
        return w.bytes() + body.bytes();
    }

    private void cas(Cas[] cas) {
        adjustments += cas.length;
        // one CAS segment per group code, its triplets in order of first appearance
        for (int i = 0; i < cas.length; i++) {
            String group = cas[i].group();
            boolean first = true;
            for (int j = 0; j < i; j++) first &= !cas[j].group().equals(group);
            if (!first) continue;
            body.seg("CAS").e(group);
            int inSegment = 0;
            for (int j = i; j < cas.length; j++) {
                if (!cas[j].group().equals(group)) continue;
                if (inSegment == 6) {
                    body.end();
                    body.seg("CAS").e(group);
                    inSegment = 0;
                }
                if (inSegment > 0) body.e();
                body.e(cas[j].carc()).money(cas[j].amount());
                inSegment++;
            }
            body.end();
        }
    }
}
