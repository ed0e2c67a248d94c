package org.reclaim.x12.write;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.claim.ClaimDocument.Name;

/**
 * Writes a 270 eligibility inquiry (005010X279A1) about one subscriber as a whole interchange:
 * information source (payer, 2100A), information receiver (the provider, 2100B NM1*1P), subscriber
 * (2000C: TRN, NM1*IL, DMG, DTP*291, EQ).
 */
public final class EligibilityInquiryWriter {

    public static final String VERSION = "005010X279A1";

    /**
     * @param payer NM1*PR (PI payer id)
     * @param provider NM1*1P (XX NPI)
     * @param subscriber NM1*IL (MI member id); without an id the payer is asked to find the member
     *     by name and date of birth (the 270's alternate search), which then is required
     * @param traceNumber TRN02: our reference, echoed in the 271's TRN*2
     * @param traceOriginator TRN03: 10 characters, "1" + the provider's EIN or "9" + an assigned
     *     number
     * @param serviceDate DTP*291: the date coverage is asked for
     * @param serviceTypes EQ01 service type codes (30 health benefit plan coverage when empty)
     */
    public record EligibilityInquiry(
            Name payer,
            Name provider,
            Name subscriber,
            LocalDate birthDate,
            String gender,
            String traceNumber,
            String traceOriginator,
            LocalDate serviceDate,
            List<String> serviceTypes) {

        public EligibilityInquiry {
            serviceTypes =
                    serviceTypes == null || serviceTypes.isEmpty()
                            ? List.of("30")
                            : List.copyOf(serviceTypes);
        }

        /**
         * The subscriber of a claim, asked about on {@code serviceDate}; TRN03 is "1" + the billing
         * provider's EIN.
         */
        public static EligibilityInquiry of(
                ClaimDocument d, String traceNumber, LocalDate serviceDate) {
            String ein = d.billingProvider() == null ? null : d.billingProvider().taxId();
            String originator = ein != null && ein.matches("\\d{9}") ? "1" + ein : null;
            return new EligibilityInquiry(
                    d.payer() == null ? null : d.payer().name(),
                    d.billingProvider() == null ? null : d.billingProvider().party().name(),
                    d.subscriber() == null ? null : d.subscriber().name(),
                    d.subscriber() == null ? null : d.subscriber().birthDate(),
                    d.subscriber() == null ? null : d.subscriber().gender(),
                    traceNumber,
                    originator,
                    serviceDate,
                    List.of());
        }
    }

    private EligibilityInquiryWriter() {}

    public static byte[] write(EligibilityInquiry q, Envelope envelope) {
        List<String> p = problems(q);
        if (!p.isEmpty())
            throw new IllegalArgumentException("cannot write 270: " + String.join("; ", p));
        X12Out o = new X12Out(envelope, "270", "HS", VERSION);
        o.st("270", VERSION);
        // BHT01 0022 information source, receiver, subscriber, dependent; BHT02 13 request
        o.seg(
                "BHT",
                "0022",
                "13",
                envelope.interchangeControl(),
                envelope.created().toLocalDate(),
                X12Out.hhmm(envelope));
        o.seg("HL", "1", null, "20", "1");
        ClaimWriter837P.nm1(o, "PR", q.payer());
        o.seg("HL", "2", "1", "21", "1");
        ClaimWriter837P.nm1(o, "1P", q.provider());
        o.seg("HL", "3", "2", "22", "0");
        o.seg("TRN", "1", q.traceNumber(), q.traceOriginator());
        ClaimWriter837P.nm1(o, "IL", q.subscriber());
        if (q.birthDate() != null) o.seg("DMG", "D8", q.birthDate(), q.gender());
        if (q.serviceDate() != null) o.seg("DTP", "291", "D8", q.serviceDate());
        for (String type : q.serviceTypes()) o.seg("EQ", type);
        byte[] bytes = o.finish();
        WrittenFileCheck.verify(bytes);
        return bytes;
    }

    static List<String> problems(EligibilityInquiry q) {
        List<String> p = new ArrayList<>();
        if (q == null) return List.of("no inquiry");
        ClaimStatusInquiryWriter.named(p, "payer (NM1*PR)", q.payer());
        ClaimStatusInquiryWriter.named(p, "information receiver (NM1*1P)", q.provider());
        // the subscriber by member id, or (alternate search) by name and date of birth
        Name s = q.subscriber();
        if (s == null || s.last() == null) {
            p.add("subscriber (NM1*IL) name is required");
        } else if (s.id() == null && q.birthDate() == null) {
            p.add(
                    "subscriber (NM1*IL) needs a member id, or a date of birth (DMG) to be"
                            + " searched by name");
        } else if (s.id() != null && s.idQualifier() == null) {
            p.add("subscriber (NM1*IL) id qualifier is required with its id");
        }
        if (q.traceNumber() == null) p.add("trace number (TRN02) is required");
        if (q.traceOriginator() == null || q.traceOriginator().length() != 10) {
            p.add(
                    "trace originator (TRN03) must be 10 characters (\"1\" + EIN or \"9\" + an assigned number)");
        }
        return p;
    }
}
