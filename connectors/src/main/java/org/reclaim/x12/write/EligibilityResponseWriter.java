package org.reclaim.x12.write;

import java.time.LocalDate;
import java.util.List;
import org.reclaim.x12.claim.ClaimDocument.Name;
import org.reclaim.x12.write.EligibilityInquiryWriter.EligibilityInquiry;

/**
 * Writes the 271 eligibility response (005010X279A1) a payer gives to a 270 about one subscriber:
 * the inquiry's hierarchy, TRN*2 (the inquiry's trace echoed), NM1*IL, then either AAA (subscriber
 * not found or invalid) or the member's plan dates and one EB for health benefit plan coverage
 * (EB01 1 active, 6 inactive).
 */
public final class EligibilityResponseWriter {

    public static final String VERSION = EligibilityInquiryWriter.VERSION;

    /**
     * @param active EB01 1 (active coverage) or 6 (inactive)
     * @param memberId NM109 as the payer knows the member, null to echo the inquiry's
     * @param rejectReason AAA03 (72 invalid member id, 75 subscriber not found…): no EB then
     */
    public record Coverage(
            boolean active,
            String planName,
            LocalDate planBegin,
            LocalDate planEnd,
            String memberId,
            String rejectReason) {

        public static Coverage active(String planName, LocalDate begin, LocalDate end) {
            return new Coverage(true, planName, begin, end, null, null);
        }

        public static Coverage inactive(String planName, LocalDate begin, LocalDate end) {
            return new Coverage(false, planName, begin, end, null, null);
        }

        public static Coverage notFound() {
            return new Coverage(false, null, null, null, null, "75");
        }
    }

    private EligibilityResponseWriter() {}

    public static byte[] write(EligibilityInquiry q, Coverage c, Envelope envelope) {
        List<String> p = EligibilityInquiryWriter.problems(q);
        if (c == null) {
            p = new java.util.ArrayList<>(p);
            p.add("coverage is required");
        }
        if (!p.isEmpty())
            throw new IllegalArgumentException("cannot write 271: " + String.join("; ", p));
        X12Out o = new X12Out(envelope, "271", "HB", VERSION);
        o.st("271", VERSION);
        // BHT02 11 response
        o.seg(
                "BHT",
                "0022",
                "11",
                envelope.interchangeControl(),
                envelope.created().toLocalDate(),
                X12Out.hhmm(envelope));
        o.seg("HL", "1", null, "20", "1");
        ClaimWriter837P.nm1(o, "PR", q.payer());
        o.seg("HL", "2", "1", "21", "1");
        ClaimWriter837P.nm1(o, "1P", q.provider());
        o.seg("HL", "3", "2", "22", "0");
        o.seg("TRN", "2", q.traceNumber(), q.traceOriginator());
        Name s = q.subscriber();
        if (c.memberId() != null)
            s =
                    new Name(
                            s.entityType(),
                            s.last(),
                            s.first(),
                            s.middle(),
                            s.suffix(),
                            "MI",
                            c.memberId());
        ClaimWriter837P.nm1(o, "IL", s);
        if (c.rejectReason() != null) {
            // AAA01 N: not valid; AAA04 C: please correct and resubmit
            o.seg("AAA", "N", null, c.rejectReason(), "C");
        } else {
            if (q.birthDate() != null) o.seg("DMG", "D8", q.birthDate(), q.gender());
            if (c.planBegin() != null) o.seg("DTP", "346", "D8", c.planBegin());
            if (c.planEnd() != null) o.seg("DTP", "347", "D8", c.planEnd());
            // EB03 30: health benefit plan coverage
            o.seg("EB", c.active() ? "1" : "6", null, "30", null, c.planName());
        }
        byte[] bytes = o.finish();
        WrittenFileCheck.verify(bytes);
        return bytes;
    }
}
