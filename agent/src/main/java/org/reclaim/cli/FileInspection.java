package org.reclaim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reclaim.common.JsonWriter;
import org.reclaim.common.Money;
import org.reclaim.remittance.Identification;
import org.reclaim.remittance.IdentifiedDenial;
import org.reclaim.remittance.ReversalPairing;
import org.reclaim.rules.Category;
import org.reclaim.rules.PayerRules;
import org.reclaim.triage.Triage;
import org.reclaim.x12.FileReport;
import org.reclaim.x12.Problem;
import org.reclaim.x12.RemittanceTotals;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.ack.Acknowledgment;
import org.reclaim.x12.claim.SubmittedClaim;
import org.reclaim.x12.remit.Adjustment;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.Party;
import org.reclaim.x12.remit.Payment;
import org.reclaim.x12.remit.PaymentSummary;
import org.reclaim.x12.remit.ServiceLine;

/**
 * What {@code inspect} learns about one file while the reader streams through it. Only counts and
 * the first payment header are kept; in detailed (JSON) mode the adjustments, denials and reversals
 * go straight to spools as each claim completes, so memory stays flat whatever the file's size.
 */
final class FileInspection implements X12Handler, AutoCloseable {

    /** Kept in memory below this size, spilled to a temporary file above it. */
    private static final int SPOOL_THRESHOLD = 1 << 20;

    private final Identification identification;

    /** null in the human form, which needs only the catalog's workability */
    private final Triage triage;

    private final LocalDate today;
    private Payment payerOf;
    private PayerRules payer;
    private final ReversalPairing pairing = new ReversalPairing();

    private long claims;
    private long serviceLines;
    private final Map<String, long[]> statusCounts = new LinkedHashMap<>();
    private long unbalancedPayments;
    private long unbalancedClaims;
    private long unbalancedLines;
    private long plbCents;
    private Payment firstPayment;
    private long denials;
    private long denialCents;
    private long reversals;

    private long submittedClaims;
    private long submittedLines;

    private long accepted;
    private long rejected;

    private final Spool adjustmentSpool;
    private final Spool denialSpool;
    private final Spool reversalSpool;
    private final JsonWriter adjustmentJson;
    private final JsonWriter denialJson;
    private final JsonWriter reversalJson;

    FileInspection(Identification identification, boolean detailed) throws IOException {
        this(identification, null, null, detailed);
    }

    FileInspection(Identification identification, Triage triage, LocalDate today, boolean detailed)
            throws IOException {
        this.identification = identification;
        this.triage = triage;
        this.today = today;
        if (detailed) {
            adjustmentSpool = new Spool(SPOOL_THRESHOLD);
            denialSpool = new Spool(SPOOL_THRESHOLD);
            reversalSpool = new Spool(SPOOL_THRESHOLD);
            adjustmentJson = new JsonWriter(adjustmentSpool).beginArray();
            denialJson = new JsonWriter(denialSpool).beginArray();
            reversalJson = new JsonWriter(reversalSpool).beginArray();
        } else {
            adjustmentSpool = denialSpool = reversalSpool = null;
            adjustmentJson = denialJson = reversalJson = null;
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public void paymentStart(Payment payment) {
        if (firstPayment == null) firstPayment = payment;
    }

    @Override
    public void remittanceClaim(Payment payment, ClaimPayment claim) {
        claims++;
        serviceLines += claim.lines().size();
        String status = claim.status() == null ? "" : claim.status();
        long[] count = statusCounts.get(status);
        if (count == null) statusCounts.put(status, count = new long[1]);
        count[0]++;
        List<IdentifiedDenial> found = identification.denials(claim);
        for (IdentifiedDenial d : found) {
            denials++;
            denialCents += d.amount().cents();
        }
        ReversalPairing.Pair pair = pairing.accept(claim);
        if (pair != null) reversals++;
        if (adjustmentJson != null) spool(payment, claim, found, pair);
    }

    private void spool(
            Payment payment,
            ClaimPayment claim,
            List<IdentifiedDenial> found,
            ReversalPairing.Pair pair) {
        if (triage != null && payment != payerOf) {
            payerOf = payment;
            payer =
                    triage.payer(
                            payment.payer() == null ? null : payment.payer().name(),
                            payerIds(payment));
        }
        try {
            writeAdjustments(adjustmentJson, claim, null, claim.adjustments(), claim.remarks());
            for (ServiceLine line : claim.lines()) {
                writeAdjustments(
                        adjustmentJson, claim, line.index(), line.adjustments(), line.rarcs());
            }
            for (IdentifiedDenial d : found) writeDenial(payment, claim, d);
            if (pair != null) writeReversal(pair);
        } catch (IOException e) {
            throw new SpoolFailure(e);
        }
    }

    @Override
    public void paymentEnd(PaymentSummary summary) {
        if (firstPayment == null) firstPayment = summary.payment();
        if (!summary.paymentBalanced()) unbalancedPayments++;
        unbalancedClaims += summary.unbalancedClaims();
        unbalancedLines += summary.unbalancedLines();
        plbCents += summary.providerAdjustmentTotal().cents();
    }

    @Override
    public void submittedClaim(SubmittedClaim claim) {
        submittedClaims++;
        submittedLines += claim.lines().size();
    }

    @Override
    public void acknowledgment(Acknowledgment ack) {
        accepted += ack.acceptedCount();
        rejected += ack.rejectedCount();
    }

    /**
     * Adds the 835 totals of a count-only read ({@code X12Files.summarize}): what the claims would
     * have added.
     */
    void add(RemittanceTotals t) {
        claims += t.claims();
        serviceLines += t.serviceLines();
        for (Map.Entry<String, Long> e : t.claimStatusCounts().entrySet()) {
            long[] count = statusCounts.get(e.getKey());
            if (count == null) statusCounts.put(e.getKey(), count = new long[1]);
            count[0] += e.getValue();
        }
        unbalancedPayments += t.unbalancedPayments();
        unbalancedClaims += t.unbalancedClaims();
        unbalancedLines += t.unbalancedLines();
        plbCents += t.plbCents();
        denials += t.denials();
        denialCents += t.denialCents();
        reversals += t.reversals();
    }

    /**
     * Called once the reader is done: reversals still waiting for a correction are reported without
     * one.
     */
    void finish() throws IOException {
        for (ReversalPairing.Pair pair : pairing.unmatched()) {
            reversals++;
            if (reversalJson != null) writeReversal(pair);
        }
    }

    private void writeAdjustments(
            JsonWriter w,
            ClaimPayment claim,
            Integer line,
            List<Adjustment> adjustments,
            List<String> rarcs)
            throws IOException {
        for (Adjustment a : adjustments) {
            w.beginObject()
                    .name("patientControlNumber")
                    .value(claim.patientControlNumber())
                    .name("payerClaimNumber")
                    .value(claim.payerClaimNumber())
                    .name("line")
                    .value(line)
                    .name("group")
                    .value(a.group())
                    .name("carc")
                    .value(a.carc())
                    .name("rarcs")
                    .value(rarcs)
                    .name("amount")
                    .value(a.amount());
            if (triage != null) {
                Category c = triage.classify(payer, a.group(), a.carc(), rarcs).category();
                w.name("category").value(c.name()).name("workable").value(c.workable());
            } else {
                w.name("workable").value(identification.workable(a));
            }
            w.endObject();
        }
    }

    private static List<String> payerIds(Payment p) {
        List<String> ids = new ArrayList<>(2);
        if (p.payer() != null && p.payer().id() != null) ids.add(p.payer().id());
        if (p.traceOriginator() != null) ids.add(p.traceOriginator());
        return ids;
    }

    private void writeDenial(Payment payment, ClaimPayment claim, IdentifiedDenial d)
            throws IOException {
        JsonWriter w = denialJson;
        w.beginObject()
                .name("patientControlNumber")
                .value(claim.patientControlNumber())
                .name("payerClaimNumber")
                .value(claim.payerClaimNumber())
                .name("line")
                .value(d.line())
                .name("procedure")
                .value(d.procedure())
                .name("modifiers")
                .value(d.modifiers())
                .name("serviceDate")
                .value(d.serviceDate())
                .name("charge")
                .value(d.charge())
                .name("paid")
                .value(d.paid())
                .name("group")
                .value(d.group())
                .name("carc")
                .value(d.carc())
                .name("rarcs")
                .value(d.rarcs())
                .name("amount")
                .value(d.amount())
                .name("adjustments")
                .beginArray();
        writeAdjustments(w, claim, d.line(), d.adjustments(), d.rarcs());
        w.endArray().name("workable").value(true);
        if (triage != null) {
            // docs/contracts.md §2: the deadline runs from the file's payment date and the payer's
            // rules (or its
            // type's defaults); a remittance without one is taken as paid today
            Triage.Plan plan =
                    triage.plan(
                            new Triage.Facts(
                                    payment.payer() == null ? null : payment.payer().name(),
                                    payerIds(payment),
                                    payment.paymentDate(),
                                    today,
                                    d.serviceDate(),
                                    d.group(),
                                    d.carc(),
                                    d.rarcs(),
                                    d.amount().toBigDecimal()),
                            today);
            w.name("category")
                    .value(plan.category().name())
                    .name("rootCause")
                    .value(plan.rootCause())
                    .name("appealable")
                    .value(plan.appealable())
                    .name("nextAction")
                    .value(plan.nextAction().name())
                    .name("deadline")
                    .value(plan.deadline())
                    .name("daysLeft")
                    .value(plan.daysLeft())
                    .name("expired")
                    .value(plan.expired())
                    .name("priority")
                    .value(Money.of(plan.priority()))
                    .name("playbook")
                    .value(plan.playbook())
                    .name("playbookReason")
                    .value(plan.playbookReason())
                    .name("payerType")
                    .value(plan.payer().type().name())
                    .name("payerConfigured")
                    .value(plan.payerConfigured())
                    .name("warnings")
                    .value(plan.warnings());
        }
        w.endObject();
    }

    private void writeReversal(ReversalPairing.Pair pair) throws IOException {
        ClaimPayment correction = pair.correction();
        reversalJson
                .beginObject()
                .name("patientControlNumber")
                .value(pair.reversal().patientControlNumber())
                .name("originalPayerClaimNumber")
                .value(pair.originalPayerClaimNumber())
                .name("correctionPayerClaimNumber")
                .value(correction == null ? null : correction.payerClaimNumber())
                .name("reversedAmount")
                .value(pair.reversedAmount())
                .name("correctedAmount")
                .value(correction == null ? null : correction.paid())
                .name("netChange")
                .value(pair.netChange())
                .endObject();
    }

    // ---------------------------------------------------------------- output

    /** One JSON Lines record; {@code report} is null when the reader never finished. */
    void writeJson(JsonWriter w, String file, FileReport report, String error) throws IOException {
        String type = report == null ? "unknown" : report.type();
        w.beginObject()
                .name("file")
                .value(file)
                .name("type")
                .value(type)
                .name("interchanges")
                .value(report == null ? 0 : report.interchanges())
                .name("transactions")
                .value(report == null ? 0 : report.transactions());
        if (error != null) w.name("error").value(error);
        w.name("problems").beginArray();
        if (report != null) {
            for (Problem p : report.problems()) {
                w.beginObject()
                        .name("severity")
                        .value(p.severity().label())
                        .name("segment")
                        .value(p.segment())
                        .name("segmentId")
                        .value(p.segmentId())
                        .name("element")
                        .value(p.element())
                        .name("offset")
                        .value(p.offset())
                        .name("message")
                        .value(p.message())
                        .endObject();
            }
        }
        w.endArray();
        if (report != null && report.problemCount() > report.problems().size()) {
            w.name("problemCount").value(report.problemCount());
        }
        switch (type) {
            case "835" -> writeRemittance(w);
            case "837P", "837I" ->
                    w.name("claims")
                            .value(submittedClaims)
                            .name("serviceLines")
                            .value(submittedLines);
            case "999", "997", "277CA" ->
                    w.name("accepted").value(accepted).name("rejected").value(rejected);
            default -> {}
        }
        w.endObject().newline();
    }

    private void writeRemittance(JsonWriter w) throws IOException {
        w.name("claims")
                .value(claims)
                .name("serviceLines")
                .value(serviceLines)
                .name("claimStatusCounts")
                .beginObject();
        for (Map.Entry<String, long[]> e : statusCounts.entrySet())
            w.name(e.getKey()).value(e.getValue()[0]);
        w.endObject()
                .name("balanced")
                .beginObject()
                .name("payment")
                .value(unbalancedPayments == 0)
                .name("claims")
                .value(unbalancedClaims == 0)
                .name("lines")
                .value(unbalancedLines == 0)
                .endObject()
                .name("plbTotal")
                .value(new Money(plbCents));
        party(w.name("payer"), firstPayment == null ? null : firstPayment.payer());
        party(w.name("payee"), firstPayment == null ? null : firstPayment.payee());
        w.name("paymentDate").value(firstPayment == null ? null : firstPayment.paymentDate());
        if (adjustmentJson != null) {
            splice(w.name("adjustments"), adjustmentJson, adjustmentSpool);
            splice(w.name("denials"), denialJson, denialSpool);
            splice(w.name("reversals"), reversalJson, reversalSpool);
        }
    }

    private static void party(JsonWriter w, Party party) throws IOException {
        if (party == null) {
            w.nullValue();
            return;
        }
        w.beginObject().name("id").value(party.id()).name("name").value(party.name()).endObject();
    }

    private static void splice(JsonWriter w, JsonWriter array, Spool spool) throws IOException {
        array.endArray().flush();
        try (InputStream in = spool.contents()) {
            w.rawValue(in);
        }
    }

    /** A short human summary; nothing in it grows with the file. */
    String summary(String file, FileReport report, String error) {
        StringBuilder s = new StringBuilder(256);
        String type = report == null ? "unknown" : report.type();
        s.append(file).append(": ").append(type);
        if (report != null) {
            s.append(", ")
                    .append(plural(report.interchanges(), "interchange"))
                    .append(", ")
                    .append(plural(report.transactions(), "transaction"));
        }
        s.append('\n');
        switch (type) {
            case "835" -> {
                s.append("  ")
                        .append(plural(claims, "claim"))
                        .append(", ")
                        .append(plural(serviceLines, "service line"))
                        .append(", statuses");
                if (statusCounts.isEmpty()) s.append(" none");
                for (Map.Entry<String, long[]> e : statusCounts.entrySet()) {
                    s.append(' ')
                            .append(e.getKey().isEmpty() ? "?" : e.getKey())
                            .append('=')
                            .append(e.getValue()[0]);
                }
                s.append('\n');
                s.append("  ")
                        .append(plural(denials, "denial"))
                        .append(" totalling ")
                        .append(new Money(denialCents))
                        .append(", ")
                        .append(plural(reversals, "reversal"))
                        .append(", PLB total ")
                        .append(new Money(plbCents))
                        .append('\n');
                s.append("  balanced: payment ")
                        .append(verdict(unbalancedPayments, "transaction"))
                        .append(", claims ")
                        .append(verdict(unbalancedClaims, "claim"))
                        .append(", lines ")
                        .append(verdict(unbalancedLines, "line"))
                        .append('\n');
            }
            case "837P", "837I" ->
                    s.append("  ")
                            .append(plural(submittedClaims, "claim"))
                            .append(", ")
                            .append(plural(submittedLines, "service line"))
                            .append('\n');
            case "999", "997", "277CA" ->
                    s.append("  ")
                            .append(accepted)
                            .append(" accepted, ")
                            .append(rejected)
                            .append(" rejected\n");
            default -> {}
        }
        if (report != null) {
            s.append("  ").append(plural(report.problemCount(), "problem")).append('\n');
            int shown = 0;
            for (Problem p : report.problems()) {
                if (shown++ == 3) {
                    s.append("    ...\n");
                    break;
                }
                s.append("    ")
                        .append(p.severity().label())
                        .append(" at segment ")
                        .append(p.segment());
                if (p.segmentId() != null) s.append(" (").append(p.segmentId()).append(')');
                if (p.element() != null) s.append(" element ").append(p.element());
                s.append(", byte ")
                        .append(p.offset())
                        .append(": ")
                        .append(p.message())
                        .append('\n');
            }
        }
        if (error != null) s.append("  error: ").append(error).append('\n');
        return s.toString();
    }

    // StringBuilder rather than '+': each indy string concatenation site costs milliseconds to link
    // at
    // start-up, and start-up counts against inspect's throughput contract
    private static StringBuilder verdict(long failures, String unit) {
        StringBuilder s = new StringBuilder(24);
        return failures == 0
                ? s.append("yes")
                : s.append("no (").append(plural(failures, unit)).append(" off)");
    }

    private static StringBuilder plural(long n, String unit) {
        return new StringBuilder(24).append(n).append(' ').append(unit).append(n == 1 ? "" : "s");
    }

    @Override
    public void close() throws IOException {
        if (adjustmentSpool != null) {
            adjustmentSpool.close();
            denialSpool.close();
            reversalSpool.close();
        }
    }

    /**
     * Carries a spool's I/O failure out of a handler callback, which cannot throw checked
     * exceptions.
     */
    static final class SpoolFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SpoolFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
