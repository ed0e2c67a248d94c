package org.reclaim.x12.write;

import java.time.LocalDate;
import java.util.List;
import org.reclaim.common.Money;
import org.reclaim.x12.write.ClaimStatusInquiryWriter.StatusInquiry;

/**
 * Writes the 277 claim status response (005010X212) a payer gives to a 276 about one claim: the
 * inquiry's hierarchy repeated, then for each claim found its TRN*2 (the inquiry's trace echoed),
 * STC, REF*1K, REF*EJ and DTP*472.
 */
public final class ClaimStatusResponseWriter {

    public static final String VERSION = ClaimStatusInquiryWriter.VERSION;

    /**
     * The payer's answer.
     *
     * @param category STC01-1: A1/A2 acknowledged, A3/A6/A7/A8 rejected, A4 not found, P0–P5
     *     pending, F0–F4 finalized (F1 paid, F2 denied…)
     * @param status STC01-2: claim status code (e.g. 20 accepted for processing, 65 claim has been
     *     paid, 88 not covered…)
     * @param entity STC01-3, or null
     * @param payerClaimNumber REF*1K
     * @param paid STC05, when finalized
     * @param adjudicated STC06, when finalized
     */
    public record StatusAnswer(
            String category,
            String status,
            String entity,
            LocalDate statusDate,
            String payerClaimNumber,
            Money paid,
            LocalDate adjudicated) {}

    private ClaimStatusResponseWriter() {}

    public static byte[] write(StatusInquiry q, StatusAnswer a, Envelope envelope) {
        return write(q, a == null ? null : List.of(a), envelope);
    }

    /**
     * The answer about every claim the payer found for the inquiry (a 277 gives one claim status
     * loop, 2200D, per claim found: the one asked about and, e.g., an earlier claim of the same
     * patient, service dates and charge that it duplicates), each under the inquiry's trace.
     */
    public static byte[] write(StatusInquiry q, List<StatusAnswer> answers, Envelope envelope) {
        List<String> p = ClaimStatusInquiryWriter.problems(q);
        if (answers == null
                || answers.isEmpty()
                || answers.stream()
                        .anyMatch(
                                a ->
                                        a == null
                                                || a.category() == null
                                                || a.status() == null
                                                || a.statusDate() == null)) {
            p = new java.util.ArrayList<>(p);
            p.add("STC01-1 category, STC01-2 status and STC02 date are required");
        }
        if (!p.isEmpty())
            throw new IllegalArgumentException("cannot write 277: " + String.join("; ", p));
        X12Out o = new X12Out(envelope, "277", "HN", VERSION);
        o.st("277", VERSION);
        // BHT02 08 status; BHT06 DG response
        o.seg(
                "BHT",
                "0010",
                "08",
                envelope.interchangeControl(),
                envelope.created().toLocalDate(),
                X12Out.hhmm(envelope),
                "DG");
        o.seg("HL", "1", null, "20", "1");
        ClaimWriter837P.nm1(o, "PR", q.payer());
        o.seg("HL", "2", "1", "21", "1");
        ClaimWriter837P.nm1(o, "41", q.receiver());
        o.seg("HL", "3", "2", "19", "1");
        ClaimWriter837P.nm1(o, "1P", q.provider());
        boolean dependent = q.patient() != null;
        o.seg("HL", "4", "3", "22", dependent ? "1" : "0");
        ClaimWriter837P.nm1(o, "IL", q.subscriber());
        if (dependent) {
            o.seg("HL", "5", "4", "23");
            ClaimWriter837P.nm1(o, "QC", q.patient());
        }
        String[] period = X12Out.period(q.serviceFrom(), q.serviceTo());
        for (StatusAnswer a : answers) {
            o.seg("TRN", "2", q.traceNumber());
            o.seg(
                    "STC",
                    X12Out.c(a.category(), a.status(), a.entity()),
                    a.statusDate(),
                    null,
                    q.charge(),
                    a.paid(),
                    a.adjudicated());
            if (a.payerClaimNumber() != null) o.seg("REF", "1K", a.payerClaimNumber());
            if (q.patientControlNumber() != null) o.seg("REF", "EJ", q.patientControlNumber());
            o.seg("DTP", "472", period[0], period[1]);
        }
        byte[] bytes = o.finish();
        WrittenFileCheck.verify(bytes);
        return bytes;
    }
}
