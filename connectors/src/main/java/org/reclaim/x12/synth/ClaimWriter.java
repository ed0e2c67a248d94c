package org.reclaim.x12.synth;

import java.time.LocalDate;
import org.reclaim.x12.synth.PlannedClaim.Line;
import org.reclaim.x12.synth.PlannedClaim.Member;

/**
 * Writes 837P (005010X222A1) transactions: one per batch, one billing provider, a subscriber HL per
 * claim.
 */
final class ClaimWriter {

    private static final String VERSION = "005010X222A1";

    private final SegmentWriter w;
    private final Envelope envelope;
    private String control;
    private int hl;

    ClaimWriter(SegmentWriter w, long controlNumber, LocalDate date, String time) {
        this.w = w;
        this.envelope = new Envelope(w, controlNumber);
        envelope.open(Catalog.SUBMITTER_ID, Catalog.CLEARINGHOUSE_ID, date, time, "HC", VERSION);
    }

    void begin(Catalog.Practice practice, LocalDate submitted, String time, String batchReference) {
        control = envelope.nextTransaction();
        w.resetSegments();
        w.seg("ST").e("837").e(control).e(VERSION).end();
        w.seg("BHT").e("0019").e("00").e(batchReference).date(submitted).e(time).e("CH").end();
        w.seg("NM1")
                .e("41")
                .e("2")
                .e(Catalog.SUBMITTER_NAME)
                .skip(4)
                .e("46")
                .e(Catalog.SUBMITTER_ID)
                .end();
        w.seg("PER").e("IC").e("TEST BILLING CONTACT").e("TE").e("5555550100").end();
        w.seg("NM1")
                .e("40")
                .e("2")
                .e(Catalog.CLEARINGHOUSE_NAME)
                .skip(4)
                .e("46")
                .e(Catalog.CLEARINGHOUSE_ID)
                .end();
        hl = 1;
        w.seg("HL").e(1).e().e("20").e("1").end();
        w.seg("PRV").e("BI").e("PXC").e(practice.taxonomy()).end();
        w.seg("NM1").e("85").e("2").e(practice.name()).skip(4).e("XX").e(practice.npi()).end();
        w.seg("N3").e(practice.street()).end();
        w.seg("N4").e(practice.city()).e(practice.state()).e(practice.zip()).end();
        w.seg("REF").e("EI").e(practice.ein()).end();
    }

    void claim(PlannedClaim c) {
        int subscriberHl = ++hl;
        boolean dependent = c.patient != null;
        w.seg("HL").e(subscriberHl).e(1).e("22").e(dependent ? "1" : "0").end();
        w.seg("SBR")
                .e(c.secondary() ? "S" : "P")
                .e(dependent ? null : "18")
                .e(c.groupNumber)
                .skip(5)
                .e(c.payer.filingCode())
                .end();
        person("IL", c.subscriber, c.subscriber.id());
        w.seg("NM1").e("PR").e("2").e(c.payer.name()).skip(4).e("PI").e(c.payer.id()).end();
        if (dependent) {
            w.seg("HL").e(++hl).e(subscriberHl).e("23").e("0").end();
            w.seg("PAT").e(c.relationship).end();
            person("QC", c.patient, null);
        }
        w.seg("CLM")
                .e(c.patientControlNumber)
                .money(c.charge)
                .skip(2)
                .e(c.placeOfService)
                .c("B")
                .c("1")
                .e("Y")
                .e("A")
                .e("Y")
                .e("Y")
                .end();
        if (c.referral != null) w.seg("REF").e("9F").e(c.referral).end();
        if (c.priorAuthorization != null) w.seg("REF").e("G1").e(c.priorAuthorization).end();
        w.seg("HI");
        for (int i = 0; i < c.diagnoses.length; i++) w.e(i == 0 ? "ABK" : "ABF").c(c.diagnoses[i]);
        w.end();
        w.seg("NM1")
                .e("82")
                .e("1")
                .e(c.doctor.lastName())
                .e(c.doctor.firstName())
                .skip(3)
                .e("XX")
                .e(c.doctor.npi())
                .end();
        w.seg("PRV").e("PE").e("PXC").e(c.practice.taxonomy()).end();
        if (c.secondary()) {
            Catalog.Payer p = c.primaryPayer;
            w.seg("SBR")
                    .e("P")
                    .e(dependent ? c.relationship : "18")
                    .skip(6)
                    .e(p.filingCode())
                    .end();
            w.seg("AMT").e("D").money(c.primaryPaid).end();
            w.seg("OI").skip(2).e("Y").skip(2).e("Y").end();
            w.seg("NM1")
                    .e("IL")
                    .e("1")
                    .e(c.subscriber.lastName())
                    .e(c.subscriber.firstName())
                    .skip(3)
                    .e("MI")
                    .e(c.primaryMemberId)
                    .end();
            w.seg("NM1").e("PR").e("2").e(p.name()).skip(4).e("PI").e(p.id()).end();
        }
        for (int i = 0; i < c.lines.length; i++) {
            Line l = c.lines[i];
            w.seg("LX").e(i + 1).end();
            w.seg("SV1").e("HC").c(l.procedure().code());
            if (l.modifier() != null) w.c(l.modifier());
            w.money(l.charge())
                    .e("UN")
                    .e(l.units())
                    .skip(2)
                    .e(Integer.toString(l.diagnosisPointers()[0]));
            for (int p = 1; p < l.diagnosisPointers().length; p++)
                w.c(Integer.toString(l.diagnosisPointers()[p]));
            w.end();
            w.seg("DTP").e("472").e("D8").date(l.serviceDate()).end();
        }
    }

    void end() {
        w.seg("SE"); // seg() has counted SE itself
        w.e(w.segments()).e(control).end();
    }

    void close() {
        envelope.close();
    }

    long transactions() {
        return envelope.transactions();
    }

    private void person(String entity, Member m, String id) {
        w.seg("NM1").e(entity).e("1").e(m.lastName()).e(m.firstName());
        if (id != null) w.skip(3).e("MI").e(id);
        w.end();
        w.seg("N3").e(m.street()).end();
        w.seg("N4").e("TESTVILLE").e("OH").e("43215").end();
        w.seg("DMG").e("D8").date(m.birthDate()).e(m.gender()).end();
    }
}
