package org.reclaim.x12.write;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.reclaim.common.Money;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.claim.ClaimDocument.Name;

/**
 * Writes a 276 claim status inquiry (005010X212) about one claim as a whole interchange:
 * information source (payer, 2100A), information receiver (2100B NM1*41), service provider (2100C
 * NM1*1P), subscriber (2000D/2100D) and, when the patient is a dependent, the patient
 * (2000E/2100E), then the claim (TRN, REF*1K, REF*EJ, AMT*T3, DTP*472).
 */
public final class ClaimStatusInquiryWriter {

    public static final String VERSION = "005010X212";

    /**
     * One claim asked about.
     *
     * @param payer NM1*PR, id qualifier PI (payer id)
     * @param receiver NM1*41: who asks (the submitter), id qualifier 46 (ETIN)
     * @param provider NM1*1P: the billing provider, id qualifier XX (NPI)
     * @param subscriber NM1*IL with MI member id
     * @param patient NM1*QC, null when the patient is the subscriber
     * @param traceNumber TRN02, echoed by the 277: the patient control number unless the caller has
     *     another trace (our 277 reader treats TRN02 as the patient control number)
     * @param payerClaimNumber REF*1K, when known (CLP07 of a remit, REF*1K of a 277CA)
     * @param patientControlNumber REF*EJ (CLM01)
     * @param charge AMT*T3 (CLM02)
     */
    public record StatusInquiry(
            Name payer,
            Name receiver,
            Name provider,
            Name subscriber,
            LocalDate subscriberBirthDate,
            String subscriberGender,
            Name patient,
            LocalDate patientBirthDate,
            String patientGender,
            String traceNumber,
            String payerClaimNumber,
            String patientControlNumber,
            Money charge,
            LocalDate serviceFrom,
            LocalDate serviceTo) {

        /**
         * The inquiry about a claim as written, and known to the payer as {@code payerClaimNumber}
         * (may be null).
         */
        public static StatusInquiry of(ClaimDocument d, String payerClaimNumber) {
            LocalDate from = null;
            LocalDate to = null;
            for (ClaimDocument.Line l : d.lines()) {
                LocalDate f = l.serviceFrom();
                LocalDate t = l.serviceTo() != null ? l.serviceTo() : f;
                if (f != null && (from == null || f.isBefore(from))) from = f;
                if (t != null && (to == null || t.isAfter(to))) to = t;
            }
            Name billing = d.billingProvider() == null ? null : d.billingProvider().party().name();
            ClaimDocument.Patient p = d.patient();
            return new StatusInquiry(
                    d.payer() == null ? null : d.payer().name(),
                    d.submitter(),
                    billing,
                    d.subscriber() == null ? null : d.subscriber().name(),
                    d.subscriber() == null ? null : d.subscriber().birthDate(),
                    d.subscriber() == null ? null : d.subscriber().gender(),
                    p == null ? null : p.name(),
                    p == null ? null : p.birthDate(),
                    p == null ? null : p.gender(),
                    d.claim().patientControlNumber(),
                    payerClaimNumber,
                    d.claim().patientControlNumber(),
                    d.claim().charge(),
                    from,
                    to);
        }
    }

    private ClaimStatusInquiryWriter() {}

    public static byte[] write(StatusInquiry q, Envelope envelope) {
        List<String> p = problems(q);
        if (!p.isEmpty())
            throw new IllegalArgumentException("cannot write 276: " + String.join("; ", p));
        X12Out o = new X12Out(envelope, "276", "HR", VERSION);
        o.st("276", VERSION);
        // BHT01 0010 information source, receiver, provider, subscriber, dependent; BHT02 13
        // request
        o.seg(
                "BHT",
                "0010",
                "13",
                envelope.interchangeControl(),
                envelope.created().toLocalDate(),
                X12Out.hhmm(envelope));
        o.seg("HL", "1", null, "20", "1");
        ClaimWriter837P.nm1(o, "PR", q.payer());
        o.seg("HL", "2", "1", "21", "1");
        ClaimWriter837P.nm1(o, "41", q.receiver());
        o.seg("HL", "3", "2", "19", "1");
        ClaimWriter837P.nm1(o, "1P", q.provider());
        boolean dependent = q.patient() != null;
        o.seg("HL", "4", "3", "22", dependent ? "1" : "0");
        if (!dependent && q.subscriberBirthDate() != null)
            o.seg("DMG", "D8", q.subscriberBirthDate(), q.subscriberGender());
        ClaimWriter837P.nm1(o, "IL", q.subscriber());
        if (dependent) {
            o.seg("HL", "5", "4", "23");
            if (q.patientBirthDate() != null)
                o.seg("DMG", "D8", q.patientBirthDate(), q.patientGender());
            ClaimWriter837P.nm1(o, "QC", q.patient());
        }
        o.seg("TRN", "1", q.traceNumber());
        if (q.payerClaimNumber() != null) o.seg("REF", "1K", q.payerClaimNumber());
        if (q.patientControlNumber() != null) o.seg("REF", "EJ", q.patientControlNumber());
        if (q.charge() != null) o.seg("AMT", "T3", q.charge());
        String[] period = X12Out.period(q.serviceFrom(), q.serviceTo());
        o.seg("DTP", "472", period[0], period[1]);
        byte[] bytes = o.finish();
        WrittenFileCheck.verify(bytes);
        return bytes;
    }

    static List<String> problems(StatusInquiry q) {
        List<String> p = new ArrayList<>();
        if (q == null) return List.of("no inquiry");
        named(p, "payer (NM1*PR)", q.payer());
        named(p, "information receiver (NM1*41)", q.receiver());
        named(p, "service provider (NM1*1P)", q.provider());
        named(p, "subscriber (NM1*IL)", q.subscriber());
        if (q.patient() != null && q.patient().last() == null)
            p.add("patient (NM1*QC) name is required");
        if (q.traceNumber() == null) p.add("trace number (TRN02) is required");
        if (q.serviceFrom() == null) p.add("service dates (DTP*472) are required");
        return p;
    }

    static void named(List<String> p, String what, Name n) {
        if (n == null || n.last() == null || n.id() == null || n.idQualifier() == null) {
            p.add(what + " name, id qualifier and id are required");
        }
    }
}
