package org.reclaim.x12.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.reclaim.common.Money;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.remit.Adjustment;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.Party;
import org.reclaim.x12.remit.Payment;
import org.reclaim.x12.remit.PaymentSummary;
import org.reclaim.x12.remit.ProviderAdjustment;
import org.reclaim.x12.remit.ServiceLine;

/**
 * 835 (X221A1, and 4010 X091) → {@link Payment}, {@link ClaimPayment} per CLP, {@link
 * PaymentSummary}.
 */
public final class RemittanceMapper implements TransactionMapper {

    private static final int ST = 'S' << 8 | 'T';
    private static final int BPR = 'B' << 16 | 'P' << 8 | 'R';
    private static final int TRN = 'T' << 16 | 'R' << 8 | 'N';
    private static final int DTM = 'D' << 16 | 'T' << 8 | 'M';
    private static final int N1 = 'N' << 8 | '1';
    private static final int REF = 'R' << 16 | 'E' << 8 | 'F';
    private static final int LX = 'L' << 8 | 'X';
    private static final int CLP = 'C' << 16 | 'L' << 8 | 'P';
    private static final int CAS = 'C' << 16 | 'A' << 8 | 'S';
    private static final int MOA = 'M' << 16 | 'O' << 8 | 'A';
    private static final int MIA = 'M' << 16 | 'I' << 8 | 'A';
    private static final int SVC = 'S' << 16 | 'V' << 8 | 'C';
    private static final int AMT = 'A' << 16 | 'M' << 8 | 'T';
    private static final int LQ = 'L' << 8 | 'Q';
    private static final int PLB = 'P' << 16 | 'L' << 8 | 'B';

    private static final int Q472 = Segment.packed("472");
    private static final int Q150 = Segment.packed("150");
    private static final int Q151 = Segment.packed("151");
    private static final int Q232 = Segment.packed("232");
    private static final int Q233 = Segment.packed("233");
    private static final int Q050 = Segment.packed("050");
    private static final int QB6 = Segment.packed("B6");
    private static final int QHE = Segment.packed("HE");

    private final X12Handler handler;
    private final int transaction;
    private final String version;

    private String controlNumber = "";
    private long stOrdinal;
    private long stOffset;
    private String handlingCode;
    private Money amount;
    private String creditDebit;
    private String method;
    private LocalDate bprDate;
    private LocalDate dtm405;
    private String traceNumber;
    private String traceOriginator;

    /** Which N1 loop the following REF/N3/N4 belong to: "PR", "PE" or another entity code. */
    private String n1 = "";

    private String payerQualifier;
    private String payerId;
    private String payerName;
    private String payerRef2U;
    private boolean payerSeen;
    private String payeeQualifier;
    private String payeeId;
    private String payeeName;
    private boolean payeeSeen;

    private Payment payment;
    private ClaimBuilder claim;
    private LineBuilder line;
    private int claims;
    private int lines;
    private long claimsPaid;
    private int unbalancedClaims;
    private int unbalancedLines;
    private List<ProviderAdjustment> plb;

    public RemittanceMapper(X12Handler handler, int transaction, String version) {
        this.handler = handler;
        this.transaction = transaction;
        this.version = version;
    }

    @Override
    public void segment(Segment s) {
        int tag = s.tag();
        Handler h = claim != null ? inClaim(tag) : outsideClaim(tag);
        if (h != null) h.on(this, s);
    }

    /**
     * What one kind of segment does. Called from one site that sees many handler classes, so the
     * JIT compiles each handler once, as its own unit, instead of copying every handler into every
     * caller: that is what kept the first seconds of a big file in slow, not yet optimized code.
     */
    private abstract static class Handler {
        abstract void on(RemittanceMapper m, Segment s);
    }

    private static final Handler ON_CAS =
            new Handler() {
                @Override
                void on(RemittanceMapper m, Segment s) {
                    cas(s, m.line != null ? m.line : m.claim);
                }
            };

    private static final Handler ON_DTM =
            new Handler() {
                @Override
                void on(RemittanceMapper m, Segment s) {
                    if (m.line != null) lineDate(s, m.line);
                    else claimDate(s, m.claim);
                }
            };

    private static final Handler ON_SVC =
            new Handler() {
                @Override
                void on(RemittanceMapper m, Segment s) {
                    m.startLine(s);
                }
            };

    private static final Handler ON_AMT =
            new Handler() {
                @Override
                void on(RemittanceMapper m, Segment s) {
                    if (m.line != null && s.packed(1) == QB6) m.line.allowed = s.money(2);
                }
            };

    private static final Handler ON_REF =
            new Handler() {
                @Override
                void on(RemittanceMapper m, Segment s) {
                    m.ref(s);
                }
            };

    private static final Handler ON_LQ =
            new Handler() {
                @Override
                void on(RemittanceMapper m, Segment s) {
                    if (m.line != null) rarc(s, m.line);
                }
            };

    private static final Handler ON_REMARKS =
            new Handler() {
                @Override
                void on(RemittanceMapper m, Segment s) {
                    m.claim.remarks(s, s.tag() == MOA);
                }
            };

    private static final Handler ON_CLP =
            new Handler() {
                @Override
                void on(RemittanceMapper m, Segment s) {
                    m.startClaim(s);
                }
            };

    private static final Handler ON_HEADER =
            new Handler() {
                @Override
                void on(RemittanceMapper m, Segment s) {
                    m.header(s.tag(), s);
                }
            };

    /**
     * The handler of a segment while a CLP loop is open (inside an SVC loop when {@link #line} is
     * set).
     */
    private static Handler inClaim(int tag) {
        return switch (tag) {
            case CAS -> ON_CAS;
            case DTM -> ON_DTM;
            case SVC -> ON_SVC;
            case AMT -> ON_AMT;
            case REF -> ON_REF;
            case LQ -> ON_LQ;
            case MOA, MIA -> ON_REMARKS;
            // these close the claim (SE is left to end())
            case CLP, LX, PLB, ST, BPR, TRN, N1 -> outsideClaim(tag);
            default -> null;
        };
    }

    private static Handler outsideClaim(int tag) {
        return tag == CLP ? ON_CLP : ON_HEADER;
    }

    /**
     * A segment outside any claim (or one that closes the claim): the transaction's header, CLP,
     * LX, PLB.
     */
    private void header(int tag, Segment s) {
        switch (tag) {
            case ST -> {
                controlNumber = s.element(2).trim();
                stOrdinal = s.ordinal();
                stOffset = s.offset();
            }
            case BPR -> {
                handlingCode = s.elementOrNull(1);
                amount = s.money(2);
                creditDebit = s.elementOrNull(3);
                method = s.elementOrNull(4);
                bprDate = s.date(16);
            }
            case TRN -> {
                if (traceNumber == null) {
                    traceNumber = s.elementOrNull(2);
                    traceOriginator = s.elementOrNull(3);
                }
            }
            case DTM -> {
                if (payment == null && s.elementIs(1, "405")) dtm405 = s.date(2);
            }
            case N1 -> n1(s);
            case REF -> {
                if (payment == null && "PR".equals(n1) && s.elementIs(1, "2U"))
                    payerRef2U = s.elementOrNull(2);
            }
            case LX -> finishClaim();
            case CLP -> startClaim(s);
            case SVC, CAS -> s.warn(0, "outside a claim (CLP): ignored");
            case PLB -> {
                finishClaim();
                plb(s);
            }
            default -> {}
        }
    }

    private void startClaim(Segment s) {
        finishClaim();
        startPayment();
        claim = new ClaimBuilder(s, ++claims);
    }

    private void startLine(Segment s) {
        finishLine();
        ClaimBuilder c = claim;
        line = new LineBuilder(s, c.lines == null ? 1 : c.lines.size() + 1);
    }

    /**
     * REF in a line (6R: line item control number) or in a claim (F8: original payer claim number).
     */
    private void ref(Segment s) {
        if (line != null) {
            if (s.elementIs(1, "6R")) line.controlNumber = s.elementOrNull(2);
        } else if (s.elementIs(1, "F8")) {
            claim.original = s.elementOrNull(2);
        }
    }

    /** LQ*HE in a line: a remark code. */
    private static void rarc(Segment s, LineBuilder l) {
        if (s.packed(1) == QHE && s.has(2)) {
            if (l.rarcs == null) l.rarcs = new Frozen<>(2);
            l.rarcs.append(s.code(2));
        }
    }

    /** DTM in a line: 472 (service date), 150/151 (service period); one date read per segment. */
    private static void lineDate(Segment s, LineBuilder l) {
        int p = s.packed(1);
        int q = p == Q472 ? 1 : p == Q150 ? 2 : p == Q151 ? 3 : 0;
        if (q == 0) return;
        LocalDate d = s.date(2);
        if (q == 1) {
            l.from = d;
            if (l.to == null) l.to = d;
        } else if (q == 2) {
            l.from = d;
        } else {
            l.to = d;
        }
    }

    /** DTM in a claim: 232/233 (statement period), 050 (received); one date read per segment. */
    private static void claimDate(Segment s, ClaimBuilder c) {
        int p = s.packed(1);
        int q = p == Q232 ? 1 : p == Q233 ? 2 : p == Q050 ? 3 : 0;
        if (q == 0) return;
        LocalDate d = s.date(2);
        if (q == 1) c.from = d;
        else if (q == 2) c.to = d;
        else c.received = d;
    }

    private void n1(Segment s) {
        n1 = s.element(1).trim();
        if (payment != null) return;
        if ("PR".equals(n1) && !payerSeen) {
            payerSeen = true;
            payerName = s.elementOrNull(2);
            payerQualifier = s.elementOrNull(3);
            payerId = s.elementOrNull(4);
        } else if ("PE".equals(n1) && !payeeSeen) {
            payeeSeen = true;
            payeeName = s.elementOrNull(2);
            payeeQualifier = s.elementOrNull(3);
            payeeId = s.elementOrNull(4);
        }
    }

    private void plb(Segment s) {
        if (plb == null) plb = new ArrayList<>(4);
        String provider = s.elementOrNull(1);
        LocalDate period = s.date(2);
        for (int i = 3; i + 1 <= 14; i += 2) {
            if (!s.has(i) && !s.has(i + 1)) continue;
            String reason = s.component(i, 1);
            String reference = s.component(i, 2);
            plb.add(
                    new ProviderAdjustment(
                            provider,
                            period,
                            reason,
                            reference.isEmpty() ? null : reference,
                            s.moneyOrZero(i + 1),
                            s.ordinal()));
        }
    }

    /**
     * The CAS triplets of a claim or a line, their sum kept as they come (for the balance check).
     */
    private static void cas(Segment s, Adjusted owner) {
        Frozen<Adjustment> into = owner.adjustments;
        if (into == null) owner.adjustments = into = new Frozen<>(2);
        String group = s.code(1);
        // triplets past the last element are absent: stop there rather than probing up to CAS17
        int last = Math.min(17, s.count());
        for (int i = 2; i <= last; i += 3) {
            if (!s.has(i) && !s.has(i + 1)) continue;
            BigDecimal quantity = s.has(i + 2) ? s.decimal(i + 2) : null;
            Money amount = s.moneyOrZero(i + 1);
            into.append(new Adjustment(group, s.code(i), amount, quantity));
            owner.casCents += amount.cents();
        }
    }

    /** What claims and lines share: their CAS triplets and the running sum of their amounts. */
    private abstract static class Adjusted {
        Frozen<Adjustment> adjustments;
        long casCents;
    }

    private void startPayment() {
        if (payment != null) return;
        Party payer = null;
        if (payerSeen || payerRef2U != null || traceOriginator != null) {
            if (payerId != null) payer = new Party(payerQualifier, payerId, payerName);
            else if (payerRef2U != null) payer = new Party("2U", payerRef2U, payerName);
            else payer = new Party(null, traceOriginator, payerName);
        }
        Party payee = payeeSeen ? new Party(payeeQualifier, payeeId, payeeName) : null;
        payment =
                new Payment(
                        transaction,
                        controlNumber,
                        version,
                        handlingCode,
                        amount,
                        creditDebit,
                        method,
                        bprDate != null ? bprDate : dtm405,
                        traceNumber,
                        traceOriginator,
                        payer,
                        payee,
                        stOrdinal,
                        stOffset);
        handler.paymentStart(payment);
    }

    private void finishLine() {
        if (line == null) return;
        LineBuilder b = line;
        ServiceLine l = b.build();
        // ServiceLine.balanced(), from the sum kept while reading the CAS segments
        if (Math.subtractExact(b.charge.cents(), b.casCents) != b.paid.cents()) unbalancedLines++;
        claim.lineCasCents += b.casCents;
        lines++;
        if (claim.lines == null) claim.lines = new Frozen<>(4);
        claim.lines.append(l);
        line = null;
    }

    private void finishClaim() {
        if (claim == null) return;
        finishLine();
        ClaimBuilder b = claim;
        ClaimPayment c = b.build();
        claimsPaid += c.paid().cents();
        // ClaimPayment.balanced(), from the sums kept while reading the CAS segments
        if (Math.subtractExact(b.charge.cents(), b.casCents + b.lineCasCents) != b.paid.cents())
            unbalancedClaims++;
        claim = null;
        handler.remittanceClaim(payment, c);
    }

    @Override
    public void end(boolean closed) {
        finishClaim();
        startPayment();
        List<ProviderAdjustment> adjustments = freeze(plb);
        long plbTotal = 0;
        for (ProviderAdjustment p : adjustments) plbTotal += p.amount().cents();
        boolean balanced = payment.signedAmount().cents() == claimsPaid - plbTotal;
        handler.paymentEnd(
                new PaymentSummary(
                        payment,
                        adjustments,
                        claims,
                        lines,
                        new Money(claimsPaid),
                        balanced,
                        unbalancedClaims,
                        unbalancedLines,
                        closed));
    }

    public static <T> List<T> freeze(List<T> list) {
        return list == null || list.isEmpty() ? List.of() : Collections.unmodifiableList(list);
    }

    public static <T> List<T> freeze(Frozen<T> list) {
        return list == null || list.isEmpty() ? List.of() : list;
    }

    /** Looks like a remittance advice remark code (M…, N…, MA…): letters then digits. */
    public static boolean isRarc(String code) {
        int n = code.length();
        if (n < 2 || n > 6) return false;
        char first = code.charAt(0);
        if (first != 'M' && first != 'N') return false;
        int i = 1;
        if (code.charAt(1) == 'A') i = 2;
        if (i >= n) return false;
        for (; i < n; i++) if (code.charAt(i) < '0' || code.charAt(i) > '9') return false;
        return true;
    }

    private final class ClaimBuilder extends Adjusted {
        final int index;
        final String patientControlNumber;
        final String status;
        final Money charge;
        final Money paid;
        final Money patientResponsibility;
        final String filingIndicator;
        final String payerClaimNumber;
        final String facilityType;
        final String frequency;
        final long segment;
        final long offset;
        LocalDate from;
        LocalDate to;
        LocalDate received;
        long lineCasCents;
        Frozen<ServiceLine> lines;
        Frozen<String> remarks;
        String original;

        ClaimBuilder(Segment s, int index) {
            this.index = index;
            patientControlNumber = s.element(1).trim();
            status = s.code(2);
            charge = s.moneyOrZero(3);
            paid = s.moneyOrZero(4);
            patientResponsibility = s.money(5);
            filingIndicator = s.has(6) ? s.code(6) : null;
            payerClaimNumber = s.elementOrNull(7);
            facilityType = s.has(8) ? s.componentCode(8, 1) : null;
            frequency = s.has(9) ? s.code(9) : null;
            segment = s.ordinal();
            offset = s.offset();
        }

        /** MOA03..07, or MIA05 and MIA20..24: the claim-level remark codes. */
        void remarks(Segment s, boolean moa) {
            if (moa) {
                for (int i = 3; i <= 7; i++) remark(s, i);
            } else {
                remark(s, 5);
                for (int i = 20; i <= 24; i++) remark(s, i);
            }
        }

        void remark(Segment s, int i) {
            if (!s.has(i)) return;
            String code = s.code(i);
            if (!isRarc(code)) return;
            if (remarks == null) remarks = new Frozen<>(2);
            remarks.append(code);
        }

        ClaimPayment build() {
            List<ServiceLine> ls = freeze(lines);
            LocalDate f = from;
            LocalDate t = to;
            if (f == null || t == null) {
                LocalDate min = null;
                LocalDate max = null;
                for (ServiceLine l : ls) {
                    if (l.serviceFrom() != null && (min == null || l.serviceFrom().isBefore(min)))
                        min = l.serviceFrom();
                    LocalDate end = l.serviceTo() != null ? l.serviceTo() : l.serviceFrom();
                    if (end != null && (max == null || end.isAfter(max))) max = end;
                }
                if (f == null) f = min;
                if (t == null) t = max;
            }
            return new ClaimPayment(
                    index,
                    patientControlNumber,
                    status,
                    charge,
                    paid,
                    patientResponsibility,
                    filingIndicator,
                    payerClaimNumber,
                    facilityType,
                    frequency,
                    f,
                    t,
                    received,
                    freeze(adjustments),
                    ls,
                    freeze(remarks),
                    original,
                    segment,
                    offset);
        }
    }

    private static final class LineBuilder extends Adjusted {
        final int index;
        final String qualifier;
        final String procedure;
        final List<String> modifiers;
        final Money charge;
        final Money paid;
        final String revenueCode;
        final BigDecimal units;
        final long segment;
        LocalDate from;
        LocalDate to;
        Money allowed;
        Frozen<String> rarcs;
        String controlNumber;

        LineBuilder(Segment s, int index) {
            this.index = index;
            // SVC01 split once: qualifier, procedure, up to four modifiers
            int[] b = s.componentBounds(1, 6);
            int n = b[0];
            String q = "";
            String p = "";
            Frozen<String> mods = null;
            for (int c = 1; c <= n; c++) {
                int from = b[2 * c - 1];
                int to = b[2 * c];
                if (c > 2 && from == to) continue;
                String code = s.code(from, to);
                if (c == 1) {
                    q = code;
                } else if (c == 2) {
                    p = code;
                } else {
                    if (mods == null) mods = new Frozen<>(2);
                    mods.append(code);
                }
            }
            qualifier = q;
            procedure = p;
            modifiers = freeze(mods);
            charge = s.moneyOrZero(2);
            paid = s.moneyOrZero(3);
            revenueCode = s.has(4) ? s.code(4) : null;
            units = s.has(5) ? s.decimal(5) : BigDecimal.ONE;
            segment = s.ordinal();
        }

        ServiceLine build() {
            return new ServiceLine(
                    index,
                    qualifier,
                    procedure,
                    modifiers,
                    charge,
                    paid,
                    revenueCode,
                    units,
                    from,
                    to != null ? to : from,
                    allowed,
                    freeze(adjustments),
                    freeze(rarcs),
                    controlNumber,
                    segment);
        }
    }
}
