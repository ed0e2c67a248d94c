package org.reclaim.x12.write;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.reclaim.common.Money;
import org.reclaim.x12.claim.ClaimDocument.Address;
import org.reclaim.x12.claim.ClaimDocument.Name;
import org.reclaim.x12.remit.Adjustment;

/**
 * Writes one 835 payment (005010X221A1) as a whole interchange: BPR, TRN, DTM*405, N1*PR (with
 * N3/N4), N1*PE, one LX header number, then per claim CLP, claim CAS, NM1*QC, REF*F8, DTM*232/233,
 * and per line SVC, DTM*472, line CAS, REF*6R, AMT*B6, LQ*HE; PLB last. BPR02 is computed: Σ CLP04
 * − Σ PLB. Every line (SVC02 − CAS = SVC03) and claim (CLP03 − all CAS = CLP04) must balance, and
 * the payment must not be negative (a net-negative remit carries forward as a PLB FB): anything
 * else is refused.
 */
public final class RemittanceWriter835 {

    public static final String VERSION = "005010X221A1";

    /**
     * @param payer N1*PR name, N1*PR04 payer id (qualifier XV) and its address (N3/N4)
     * @param payerTaxId TRN03 is "1" + this EIN (9 digits)
     * @param payee N1*PE, id qualifier XX (NPI)
     * @param payeeTaxId REF*TJ of the payee, or null
     * @param method BPR04: CHK check or NON (no payment); ACH needs bank data and is not written
     *     here
     * @param traceNumber TRN02: the check or EFT number, unique per payer and payee
     * @param paymentDate BPR16, DTM*405
     */
    public record Remittance(
            Name payer,
            Address payerAddress,
            String payerTaxId,
            Name payee,
            String payeeTaxId,
            String method,
            String traceNumber,
            LocalDate paymentDate,
            List<RemitClaim> claims,
            List<ProviderLevelAdjustment> providerAdjustments) {

        public Remittance {
            claims = claims == null ? List.of() : List.copyOf(claims);
            providerAdjustments =
                    providerAdjustments == null ? List.of() : List.copyOf(providerAdjustments);
        }

        /** BPR02: Σ CLP04 − Σ PLB. */
        public Money payment() {
            Money m = Money.ZERO;
            for (RemitClaim c : claims) m = m.plus(c.paid());
            for (ProviderLevelAdjustment p : providerAdjustments) m = m.minus(p.amount());
            return m;
        }
    }

    /**
     * One CLP loop. {@code status}: 1/2/3 processed as primary/secondary/tertiary, 4 denied, 22
     * reversal.
     *
     * @param patient NM1*QC: last, first, MI member id
     * @param originalPayerClaimNumber REF*F8 when this corrects an earlier claim, or null
     */
    public record RemitClaim(
            String patientControlNumber,
            String status,
            Money charge,
            Money paid,
            Money patientResponsibility,
            String filingIndicator,
            String payerClaimNumber,
            String facilityCode,
            String frequency,
            Name patient,
            String originalPayerClaimNumber,
            LocalDate serviceFrom,
            LocalDate serviceTo,
            List<Adjustment> adjustments,
            List<String> remarks,
            List<RemitLine> lines) {

        public RemitClaim {
            adjustments = adjustments == null ? List.of() : List.copyOf(adjustments);
            remarks = remarks == null ? List.of() : List.copyOf(remarks);
            lines = lines == null ? List.of() : List.copyOf(lines);
        }
    }

    /** One SVC loop; {@code remarks} are RARCs (LQ*HE). */
    public record RemitLine(
            String procedureQualifier,
            String procedure,
            List<String> modifiers,
            Money charge,
            Money paid,
            BigDecimal units,
            LocalDate serviceDate,
            String controlNumber,
            Money allowed,
            List<Adjustment> adjustments,
            List<String> remarks) {

        public RemitLine {
            modifiers = modifiers == null ? List.of() : List.copyOf(modifiers);
            adjustments = adjustments == null ? List.of() : List.copyOf(adjustments);
            remarks = remarks == null ? List.of() : List.copyOf(remarks);
        }
    }

    /**
     * One PLB adjustment: reason (WO, FB, L6, CV…), reference, amount (positive reduces the
     * payment).
     */
    public record ProviderLevelAdjustment(String reasonCode, String reference, Money amount) {}

    private RemittanceWriter835() {}

    public static byte[] write(Remittance r, Envelope envelope) {
        List<String> p = problems(r);
        if (!p.isEmpty())
            throw new IllegalArgumentException("cannot write 835: " + String.join("; ", p));
        Money amount = r.payment();
        X12Out o = new X12Out(envelope, "835", "HP", VERSION);
        o.st("835", VERSION);
        boolean paying = amount.signum() > 0;
        // BPR01 I remittance with payment, H notification only; BPR04 NON when nothing is paid
        o.seg(
                "BPR",
                paying ? "I" : "H",
                amount,
                "C",
                paying ? r.method() : "NON",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                r.paymentDate());
        o.seg("TRN", "1", r.traceNumber(), "1" + r.payerTaxId());
        o.seg("DTM", "405", r.paymentDate());
        o.seg("N1", "PR", r.payer().last(), r.payer().id() == null ? null : "XV", r.payer().id());
        ClaimWriter837P.address(o, r.payerAddress());
        o.seg("N1", "PE", r.payee().last(), "XX", r.payee().id());
        if (r.payeeTaxId() != null) o.seg("REF", "TJ", r.payeeTaxId());
        if (!r.claims().isEmpty()) o.seg("LX", "1");
        for (RemitClaim c : r.claims()) {
            o.seg(
                    "CLP",
                    c.patientControlNumber(),
                    c.status(),
                    c.charge(),
                    c.paid(),
                    c.patientResponsibility(),
                    c.filingIndicator(),
                    c.payerClaimNumber(),
                    c.facilityCode(),
                    c.frequency());
            ClaimWriter837P.cas(o, c.adjustments());
            Name n = c.patient();
            o.seg(
                    "NM1",
                    "QC",
                    "1",
                    n.last(),
                    n.first(),
                    n.middle(),
                    null,
                    n.suffix(),
                    n.id() == null ? null : "MI",
                    n.id());
            if (!c.remarks().isEmpty()) {
                Object[] moa = new Object[2 + Math.min(5, c.remarks().size())];
                for (int i = 0; i < moa.length - 2; i++) moa[i + 2] = c.remarks().get(i);
                o.seg("MOA", moa);
            }
            if (c.originalPayerClaimNumber() != null)
                o.seg("REF", "F8", c.originalPayerClaimNumber());
            if (c.serviceFrom() != null) o.seg("DTM", "232", c.serviceFrom());
            if (c.serviceTo() != null) o.seg("DTM", "233", c.serviceTo());
            for (RemitLine l : c.lines()) {
                o.seg(
                        "SVC",
                        X12Out.c(
                                ClaimWriter837P.procedure(
                                        l.procedureQualifier(), l.procedure(), l.modifiers())),
                        l.charge(),
                        l.paid(),
                        null,
                        l.units());
                if (l.serviceDate() != null) o.seg("DTM", "472", l.serviceDate());
                ClaimWriter837P.cas(o, l.adjustments());
                if (l.controlNumber() != null) o.seg("REF", "6R", l.controlNumber());
                if (l.allowed() != null) o.seg("AMT", "B6", l.allowed());
                for (String rarc : l.remarks()) o.seg("LQ", "HE", rarc);
            }
        }
        if (!r.providerAdjustments().isEmpty()) {
            List<Object> plb = new ArrayList<>();
            plb.add(r.payee().id());
            // PLB02: the last day of the provider's fiscal period; the calendar year is assumed
            plb.add(LocalDate.of(r.paymentDate().getYear(), 12, 31));
            for (ProviderLevelAdjustment a : r.providerAdjustments()) {
                plb.add(X12Out.c(a.reasonCode(), a.reference()));
                plb.add(a.amount());
            }
            o.seg("PLB", plb.toArray());
        }
        byte[] bytes = o.finish();
        WrittenFileCheck.verify(bytes);
        return bytes;
    }

    static List<String> problems(Remittance r) {
        List<String> p = new ArrayList<>();
        if (r == null) return List.of("no remittance");
        if (r.payer() == null || r.payer().last() == null) p.add("payer (N1*PR) name is required");
        if (r.payee() == null || r.payee().last() == null || r.payee().id() == null) {
            p.add("payee (N1*PE) name and NPI are required");
        }
        if (r.payerTaxId() == null || !r.payerTaxId().matches("\\d{9}"))
            p.add("payer tax id (TRN03) must be 9 digits");
        if (r.traceNumber() == null) p.add("trace number (TRN02) is required");
        if (r.paymentDate() == null) p.add("payment date (BPR16) is required");
        if (!"CHK".equals(r.method()) && !"NON".equals(r.method()))
            p.add("payment method must be CHK or NON");
        if (r.providerAdjustments().size() > 6)
            p.add("at most 6 provider-level adjustments (one PLB)");
        for (int i = 0; i < r.claims().size(); i++) {
            RemitClaim c = r.claims().get(i);
            String at = "claim " + (i + 1) + " (" + c.patientControlNumber() + "): ";
            if (c.patientControlNumber() == null
                    || c.status() == null
                    || c.charge() == null
                    || c.paid() == null
                    || c.payerClaimNumber() == null
                    || c.filingIndicator() == null) {
                p.add(at + "CLP01, CLP02, CLP03, CLP04, CLP06 and CLP07 are required");
                continue;
            }
            if (c.patient() == null || c.patient().last() == null)
                p.add(at + "patient (NM1*QC) is required");
            Money adjusted = c.charge().minus(sum(c.adjustments()));
            for (int k = 0; k < c.lines().size(); k++) {
                RemitLine l = c.lines().get(k);
                if (l.charge() == null || l.paid() == null || l.procedure() == null) {
                    p.add(at + "line " + (k + 1) + ": SVC01, SVC02 and SVC03 are required");
                    continue;
                }
                Money lineAdjusted = l.charge().minus(sum(l.adjustments()));
                if (!lineAdjusted.equals(l.paid())) {
                    p.add(
                            at
                                    + "line "
                                    + (k + 1)
                                    + " out of balance: SVC02 "
                                    + l.charge()
                                    + " − CAS "
                                    + sum(l.adjustments())
                                    + " ≠ SVC03 "
                                    + l.paid());
                }
                adjusted = adjusted.minus(sum(l.adjustments()));
            }
            if (!adjusted.equals(c.paid())) {
                p.add(
                        at
                                + "out of balance: CLP03 "
                                + c.charge()
                                + " − all CAS ≠ CLP04 "
                                + c.paid());
            }
        }
        if (r.payment().signum() < 0) {
            p.add(
                    "payment Σ CLP04 − Σ PLB is negative ("
                            + r.payment()
                            + "): carry the balance forward with PLB FB");
        }
        return p;
    }

    private static Money sum(List<Adjustment> adjustments) {
        Money m = Money.ZERO;
        for (Adjustment a : adjustments) m = m.plus(a.amount());
        return m;
    }
}
