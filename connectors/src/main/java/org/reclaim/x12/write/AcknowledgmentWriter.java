package org.reclaim.x12.write;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.reclaim.common.Money;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.claim.ClaimDocument.Name;

/**
 * Writes the acknowledgments a clearinghouse or payer sends back for an 837: the 999 (005010X231A1,
 * syntax: each transaction set accepted or rejected) and the 277CA (005010X214, claim by claim:
 * accepted into adjudication or rejected before it).
 */
public final class AcknowledgmentWriter {

    public static final String VERSION_999 = "005010X231A1";
    public static final String VERSION_277CA = "005010X214";

    /** The functional group acknowledged (AK1): GS01, GS06, GS08 of the received file. */
    public record ReceivedGroup(
            String functionalId, long groupControlNumber, String version, List<SetAnswer> sets) {
        public ReceivedGroup {
            sets = sets == null ? List.of() : List.copyOf(sets);
        }
    }

    /** One transaction set (AK2: ST01, ST02): accepted when it has no errors. */
    public record SetAnswer(String setId, String controlNumber, List<SegmentError> errors) {
        public SetAnswer {
            errors = errors == null ? List.of() : List.copyOf(errors);
        }

        public boolean accepted() {
            return errors.isEmpty();
        }
    }

    /**
     * IK3 (segment id, position in the set, loop id, error code: 3 required segment missing, 8
     * segment has data element errors…) and, when an element is at fault, IK4 (position, IK403
     * code: 1 required element missing, 7 invalid code value…).
     */
    public record SegmentError(
            String segmentId,
            int position,
            String loopId,
            String code,
            Integer element,
            String elementCode) {}

    /**
     * One claim's verdict in a 277CA.
     *
     * @param category STC01-1: A1/A2 accepted; A3 returned as unprocessable, A6/A7/A8 rejected
     * @param status STC01-2 (20 accepted for processing; 562 entity's NPI, 21 missing or invalid
     *     information…)
     * @param entity STC01-3 (85 billing provider, IL subscriber…), or null
     * @param payerClaimNumber REF*1K: the payer's number for an accepted claim
     */
    public record ClaimVerdict(
            Name patient,
            String patientControlNumber,
            Money charge,
            LocalDate serviceFrom,
            LocalDate serviceTo,
            String category,
            String status,
            String entity,
            String payerClaimNumber) {

        public boolean accepted() {
            return category != null && (category.equals("A1") || category.equals("A2"));
        }

        /** The claim accepted for adjudication (A2:20) under {@code payerClaimNumber}. */
        public static ClaimVerdict accepted(ClaimDocument d, String payerClaimNumber) {
            return of(d, "A2", "20", null, payerClaimNumber);
        }

        /**
         * The claim rejected (A3 unprocessable or A7 invalid) with a claim status code and entity.
         */
        public static ClaimVerdict rejected(
                ClaimDocument d, String category, String status, String entity) {
            return of(d, category, status, entity, null);
        }

        private static ClaimVerdict of(
                ClaimDocument d, String category, String status, String entity, String number) {
            Name patient =
                    d.patient() != null
                            ? withId(d.patient().name(), d.subscriber().name().id())
                            : d.subscriber().name();
            LocalDate from = null;
            LocalDate to = null;
            for (ClaimDocument.Line l : d.lines()) {
                if (l.serviceFrom() != null && (from == null || l.serviceFrom().isBefore(from)))
                    from = l.serviceFrom();
                LocalDate t = l.serviceTo() != null ? l.serviceTo() : l.serviceFrom();
                if (t != null && (to == null || t.isAfter(to))) to = t;
            }
            return new ClaimVerdict(
                    patient,
                    d.claim().patientControlNumber(),
                    d.claim().charge(),
                    from,
                    to,
                    category,
                    status,
                    entity,
                    number);
        }

        private static Name withId(Name n, String id) {
            return new Name(n.entityType(), n.last(), n.first(), n.middle(), n.suffix(), "MI", id);
        }
    }

    /**
     * The 277CA's parties and the batch it answers.
     *
     * @param receiver NM1*41: the submitter the 277CA goes to (46 ETIN)
     * @param provider NM1*85: the billing provider (XX NPI)
     * @param batchReference TRN02 of the receiver level: the 837's BHT03
     */
    public record ClaimAcknowledgment(
            Name payer,
            Name receiver,
            Name provider,
            String batchReference,
            LocalDate received,
            List<ClaimVerdict> claims) {
        public ClaimAcknowledgment {
            claims = claims == null ? List.of() : List.copyOf(claims);
        }
    }

    private AcknowledgmentWriter() {}

    /** A 999 for one received functional group. AK9: A all accepted, P some, R none. */
    public static byte[] write999(ReceivedGroup g, Envelope envelope) {
        List<String> p = new ArrayList<>();
        if (g == null || g.functionalId() == null || g.version() == null)
            p.add("received group GS01 and GS08 are required");
        if (g != null && g.sets().isEmpty()) p.add("at least one transaction set is acknowledged");
        if (g != null) {
            for (SetAnswer s : g.sets()) {
                if (s.setId() == null || s.controlNumber() == null)
                    p.add("every set needs ST01 and ST02");
            }
        }
        if (!p.isEmpty())
            throw new IllegalArgumentException("cannot write 999: " + String.join("; ", p));
        X12Out o = new X12Out(envelope, "999", "FA", VERSION_999);
        o.st("999", VERSION_999);
        o.seg("AK1", g.functionalId(), Long.toString(g.groupControlNumber()), g.version());
        int accepted = 0;
        for (SetAnswer s : g.sets()) {
            o.seg("AK2", s.setId(), s.controlNumber(), g.version());
            for (SegmentError e : s.errors()) {
                o.seg("IK3", e.segmentId(), Integer.toString(e.position()), e.loopId(), e.code());
                if (e.element() != null)
                    o.seg("IK4", e.element().toString(), null, e.elementCode());
            }
            if (s.accepted()) {
                accepted++;
                o.seg("IK5", "A");
            } else {
                // IK502 5: one or more segments in error
                o.seg("IK5", "R", "5");
            }
        }
        int n = g.sets().size();
        String code = accepted == n ? "A" : accepted == 0 ? "R" : "P";
        o.seg("AK9", code, Integer.toString(n), Integer.toString(n), Integer.toString(accepted));
        byte[] bytes = o.finish();
        WrittenFileCheck.verify(bytes);
        return bytes;
    }

    /** A 277CA with one patient-level loop per claim. */
    public static byte[] write277CA(ClaimAcknowledgment a, Envelope envelope) {
        List<String> p = new ArrayList<>();
        if (a == null) throw new IllegalArgumentException("cannot write 277CA: no acknowledgment");
        ClaimStatusInquiryWriter.named(p, "payer (NM1*PR)", a.payer());
        ClaimStatusInquiryWriter.named(p, "information receiver (NM1*41)", a.receiver());
        ClaimStatusInquiryWriter.named(p, "billing provider (NM1*85)", a.provider());
        if (a.received() == null) p.add("receipt date (DTP*050) is required");
        if (a.claims().isEmpty()) p.add("at least one claim is acknowledged");
        for (ClaimVerdict v : a.claims()) {
            if (v.patientControlNumber() == null
                    || v.category() == null
                    || v.status() == null
                    || v.charge() == null
                    || v.patient() == null
                    || v.patient().last() == null) {
                p.add(
                        "every claim needs its patient, patient control number, charge and STC category and status");
            }
        }
        if (!p.isEmpty())
            throw new IllegalArgumentException("cannot write 277CA: " + String.join("; ", p));
        LocalDate today = envelope.created().toLocalDate();
        X12Out o = new X12Out(envelope, "277CA", "HN", VERSION_277CA);
        o.st("277", VERSION_277CA);
        // BHT01 0085 information source, receiver, provider, patient; BHT02 08 status; BHT06 TH
        // receipt ack
        o.seg(
                "BHT",
                "0085",
                "08",
                envelope.interchangeControl(),
                today,
                X12Out.hhmm(envelope),
                "TH");
        o.seg("HL", "1", null, "20", "1");
        ClaimWriter837P.nm1(o, "PR", a.payer());
        o.seg("TRN", "1", envelope.interchangeControl());
        o.seg("DTP", "050", "D8", a.received());
        o.seg("DTP", "009", "D8", today);
        o.seg("HL", "2", "1", "21", "1");
        ClaimWriter837P.nm1(o, "41", a.receiver());
        o.seg("TRN", "2", a.batchReference() != null ? a.batchReference() : "0");
        int accepted = 0;
        Money acceptedAmount = Money.ZERO;
        Money rejectedAmount = Money.ZERO;
        Money total = Money.ZERO;
        for (ClaimVerdict v : a.claims()) {
            total = total.plus(v.charge());
            if (v.accepted()) {
                accepted++;
                acceptedAmount = acceptedAmount.plus(v.charge());
            } else {
                rejectedAmount = rejectedAmount.plus(v.charge());
            }
        }
        int rejected = a.claims().size() - accepted;
        // A1:19: the batch was received; STC03 WQ accepted
        o.seg("STC", X12Out.c("A1", "19"), today, "WQ", total);
        if (accepted > 0) o.seg("QTY", "90", Integer.toString(accepted));
        if (rejected > 0) o.seg("QTY", "AA", Integer.toString(rejected));
        if (accepted > 0) o.seg("AMT", "YU", acceptedAmount);
        if (rejected > 0) o.seg("AMT", "YY", rejectedAmount);
        o.seg("HL", "3", "2", "19", "1");
        ClaimWriter837P.nm1(o, "85", a.provider());
        o.seg("TRN", "1", "0");
        int hl = 3;
        for (ClaimVerdict v : a.claims()) {
            o.seg("HL", Integer.toString(++hl), "3", "PT");
            ClaimWriter837P.nm1(o, "QC", v.patient());
            o.seg("TRN", "2", v.patientControlNumber());
            // STC03 WQ accepted, U rejected
            o.seg(
                    "STC",
                    X12Out.c(v.category(), v.status(), v.entity()),
                    today,
                    v.accepted() ? "WQ" : "U",
                    v.charge());
            if (v.payerClaimNumber() != null) o.seg("REF", "1K", v.payerClaimNumber());
            if (v.serviceFrom() != null) {
                String[] period = X12Out.period(v.serviceFrom(), v.serviceTo());
                o.seg("DTP", "472", period[0], period[1]);
            }
        }
        byte[] bytes = o.finish();
        WrittenFileCheck.verify(bytes);
        return bytes;
    }
}
