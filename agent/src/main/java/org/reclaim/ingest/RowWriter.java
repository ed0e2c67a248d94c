package org.reclaim.ingest;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.reclaim.core.Ids;
import org.reclaim.remittance.AdjustmentText;
import org.reclaim.remittance.Identification;
import org.reclaim.remittance.IdentifiedDenial;
import org.reclaim.remittance.ReversalPairing;
import org.reclaim.x12.Problem;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.ack.Acknowledgment;
import org.reclaim.x12.ack.ClaimStatus;
import org.reclaim.x12.ack.SetResponse;
import org.reclaim.x12.claim.ClaimLine;
import org.reclaim.x12.claim.Person;
import org.reclaim.x12.claim.Provider;
import org.reclaim.x12.claim.SubmittedClaim;
import org.reclaim.x12.remit.Adjustment;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.Payment;
import org.reclaim.x12.remit.PaymentSummary;
import org.reclaim.x12.remit.ProviderAdjustment;
import org.reclaim.x12.remit.ServiceLine;

/**
 * Second pass over a file: turns the transactions not stored before into COPY rows, one spool per
 * table. Identification (docs/contracts.md §1) happens here, claim by claim, so denials are stored
 * in the same database transaction as the remittance they come from.
 */
final class RowWriter implements X12Handler, Closeable {

    static final String ADJUSTMENT_COLUMNS = "adjustments";

    /** Spools in parent-before-child order: the order they are copied in. */
    final List<CopySpool> spools = new ArrayList<>();

    private final CopySpool remittances;
    private final CopySpool providerAdjustments;
    private final CopySpool claimPayments;
    private final CopySpool serviceLines;
    private final CopySpool denials;
    private final CopySpool reversals;
    private final CopySpool submissions;
    private final CopySpool submittedClaims;
    private final CopySpool submittedLines;
    private final CopySpool claimDocuments;
    private final CopySpool eligibility;
    private UUID lastClaimId;
    private final CopySpool acknowledgments;
    private final CopySpool acknowledgmentItems;
    private final CopySpool problems;

    private final UUID practiceId;
    private final UUID fileId;
    private final Map<Integer, TransactionKeys.Key> keys;

    /** Transactions to write; null: all of them (the optimistic first pass). */
    private final Set<Integer> newTransactions;

    /**
     * Rows of the per-transaction tables, written at the end when every transaction's key is final.
     */
    private final List<Runnable> headerRows = new ArrayList<>();

    private final Identification identification;
    private final ReversalPairing pairing = new ReversalPairing();
    private final Map<ClaimPayment, UUID> waitingReversalIds = new IdentityHashMap<>();
    private final Map<Integer, UUID> submissionIds = new java.util.HashMap<>();

    private UUID remittanceId;
    final Counts counts = new Counts();

    static final class Counts {
        long remittances,
                claimPayments,
                serviceLines,
                adjustments,
                denials,
                reversals,
                submissions,
                submittedClaims,
                acknowledgments;
        final List<UUID> remittanceIds = new ArrayList<>();
        final List<UUID> submissionIds = new ArrayList<>();
        final List<UUID> acknowledgmentIds = new ArrayList<>();
    }

    private final CopySpool.SegmentListener live;

    /**
     * @param live told of each finished segment of the tables below the file's own rows, so they
     *     can be copied while the file is still read; null to copy everything after the read
     */
    RowWriter(
            Path dir,
            UUID practiceId,
            UUID fileId,
            Map<Integer, TransactionKeys.Key> keys,
            Set<Integer> newTransactions,
            Identification identification,
            CopySpool.SegmentListener live) {
        this.live = live;
        this.practiceId = practiceId;
        this.fileId = fileId;
        this.keys = keys;
        this.newTransactions = newTransactions;
        this.identification = identification;
        remittances =
                header(
                        dir,
                        "remittance",
                        "id, practice_id, file_id, transaction_ordinal, control_number, version, "
                                + "handling_code, amount, credit_debit, method, payment_date, trace_number, trace_originator, payer_id, "
                                + "payer_name, payee_id, payee_name, claim_count, line_count, claims_paid, plb_total, payment_balanced, "
                                + "unbalanced_claims, unbalanced_lines, segment, dedup_key");
        providerAdjustments =
                spool(
                        dir,
                        "provider_adjustment",
                        "id, practice_id, remittance_id, provider_id, "
                                + "fiscal_date, reason_code, reference, amount, segment");
        submissions =
                header(
                        dir,
                        "claim_submission",
                        "id, practice_id, file_id, transaction_ordinal, control_number, "
                                + "group_control_number, variant, submission_date, dedup_key");
        submittedClaims =
                spool(
                        dir,
                        "submitted_claim",
                        "id, practice_id, submission_id, variant, control_number, "
                                + "submission_date, submitter_id, receiver_id, billing_provider_id, billing_provider_name, "
                                + "billing_provider_tax_id, rendering_provider_id, rendering_provider_name, payer_id, payer_name, "
                                + "subscriber_member_id, subscriber_last_name, subscriber_first_name, subscriber_birth_date, "
                                + "subscriber_gender, patient_last_name, patient_first_name, patient_birth_date, patient_gender, "
                                + "patient_relationship, patient_control_number, charge, facility_code, frequency, diagnoses, "
                                + "prior_authorization, referral, payer_claim_number, service_from, service_to, line_count, segment");
        claimDocuments = spool(dir, "claim_document", "submitted_claim_id, practice_id, document");
        eligibility =
                spool(
                        dir,
                        "eligibility_response",
                        "id, practice_id, file_id, transaction_ordinal, control_number, "
                                + "trace_number, payer_id, member_id, active, coverage_code, plan_name, plan_begin, plan_end, rejections");
        submittedLines =
                spool(
                        dir,
                        "submitted_claim_line",
                        "id, practice_id, submitted_claim_id, line_index, "
                                + "procedure_qualifier, procedure, modifiers, charge, unit_qualifier, units, service_from, service_to, "
                                + "revenue_code, place_of_service, diagnosis_pointers, control_number");
        claimPayments =
                spool(
                        dir,
                        "claim_payment",
                        "id, practice_id, remittance_id, claim_index, "
                                + "patient_control_number, status, charge, paid, patient_responsibility, filing_indicator, "
                                + "payer_claim_number, facility_type, frequency, service_from, service_to, received, remarks, "
                                + "original_payer_claim_number, "
                                + ADJUSTMENT_COLUMNS
                                + ", balanced, segment");
        serviceLines =
                spool(
                        dir,
                        "service_line",
                        "practice_id, claim_payment_id, line_index, procedure_qualifier, "
                                + "procedure, modifiers, charge, paid, revenue_code, units, service_from, service_to, allowed, rarcs, "
                                + "control_number, "
                                + ADJUSTMENT_COLUMNS
                                + ", balanced, segment");
        denials =
                spool(
                        dir,
                        "denial",
                        "id, practice_id, remittance_id, claim_payment_id, line, "
                                + "patient_control_number, payer_claim_number, payer_id, payer_name, payment_date, procedure, modifiers, "
                                + "service_date, charge, paid, group_code, carc, rarcs, amount");
        reversals =
                spool(
                        dir,
                        "reversal",
                        "id, practice_id, file_id, reversal_claim_id, correction_claim_id, "
                                + "patient_control_number, original_payer_claim_number, correction_payer_claim_number, "
                                + "reversed_amount, corrected_amount, net_change");
        acknowledgments =
                header(
                        dir,
                        "acknowledgment",
                        "id, practice_id, file_id, transaction_ordinal, type, "
                                + "control_number, acknowledged_group, group_code, group_accepted, accepted_count, rejected_count, "
                                + "dedup_key, payer_id, payer_name");
        acknowledgmentItems =
                spool(
                        dir,
                        "acknowledgment_item",
                        "id, practice_id, acknowledgment_id, kind, "
                                + "set_control_number, patient_control_number, payer_claim_number, code, status, accepted, reasons, "
                                + "status_date, paid, paid_on");
        problems =
                spool(
                        dir,
                        "file_problem",
                        "file_id, practice_id, ordinal, severity, segment, segment_id, element, "
                                + "byte_offset, message");
    }

    private CopySpool spool(Path dir, String table, String columns) {
        CopySpool s = new CopySpool(dir, table, columns, CopySpool.SEGMENT_BYTES, live);
        spools.add(s);
        return s;
    }

    /** The per-transaction tables reference the file row, which is written last: never streamed. */
    private CopySpool header(Path dir, String table, String columns) {
        CopySpool s = new CopySpool(dir, table, columns);
        spools.add(s);
        return s;
    }

    private boolean wanted(int transaction) {
        return newTransactions == null || newTransactions.contains(transaction);
    }

    void problems(List<Problem> list) {
        int ordinal = 0;
        for (Problem p : list) {
            problems.add(fileId)
                    .add(practiceId)
                    .add(++ordinal)
                    .add(p.severity().label())
                    .add(p.segment())
                    .add(p.segmentId())
                    .add(p.element())
                    .add(p.offset())
                    .add(p.message())
                    .endRow();
        }
    }

    // ---------------------------------------------------------------- 835

    @Override
    public void paymentStart(Payment p) {
        remittanceId = wanted(p.transaction()) ? Ids.next() : null;
    }

    @Override
    public void remittanceClaim(Payment p, ClaimPayment claim) {
        if (remittanceId == null) return;
        UUID claimId = Ids.next();
        counts.claimPayments++;
        claimPayments
                .add(claimId)
                .add(practiceId)
                .add(remittanceId)
                .add(claim.index())
                .add(claim.patientControlNumber())
                .add(claim.status())
                .add(claim.charge())
                .add(claim.paid())
                .add(claim.patientResponsibility())
                .add(claim.filingIndicator())
                .add(claim.payerClaimNumber())
                .add(claim.facilityType())
                .add(claim.frequency())
                .add(claim.serviceFrom())
                .add(claim.serviceTo())
                .add(claim.received())
                .addArray(claim.remarks())
                .add(claim.originalPayerClaimNumber());
        adjustmentText(claimPayments, claim.adjustments())
                .add(claim.balanced())
                .add(claim.segment())
                .endRow();

        for (ServiceLine l : claim.lines()) {
            counts.serviceLines++;
            serviceLines
                    .add(practiceId)
                    .add(claimId)
                    .add(l.index())
                    .add(l.procedureQualifier())
                    .add(l.procedure())
                    .addArray(l.modifiers())
                    .add(l.charge())
                    .add(l.paid())
                    .add(l.revenueCode())
                    .add(l.units())
                    .add(l.serviceFrom())
                    .add(l.serviceTo())
                    .add(l.allowed())
                    .addArray(l.rarcs())
                    .add(l.controlNumber());
            adjustmentText(serviceLines, l.adjustments())
                    .add(l.balanced())
                    .add(l.segment())
                    .endRow();
        }
        for (IdentifiedDenial d : identification.denials(claim)) {
            counts.denials++;
            denials.add(Ids.next())
                    .add(practiceId)
                    .add(remittanceId)
                    .add(claimId)
                    .add(d.line())
                    .add(claim.patientControlNumber())
                    .add(claim.payerClaimNumber())
                    .add(payerId(p))
                    .add(p.payer() == null ? null : p.payer().name())
                    .add(p.paymentDate())
                    .add(d.procedure())
                    .addArray(d.modifiers())
                    .add(d.serviceDate())
                    .add(d.charge())
                    .add(d.paid())
                    .add(d.group())
                    .add(d.carc())
                    .addArray(d.rarcs())
                    .add(d.amount())
                    .endRow();
        }

        if (claim.isReversal()) waitingReversalIds.put(claim, claimId);
        ReversalPairing.Pair pair = pairing.accept(claim);
        if (pair != null) reversalRow(pair, pair.correction() == null ? null : claimId);
    }

    /** The CAS triplets of a claim or line in the text form of {@link AdjustmentText}. */
    private CopySpool adjustmentText(CopySpool spool, List<Adjustment> list) {
        counts.adjustments += list.size();
        return spool.add(AdjustmentText.encode(list, identification::workable));
    }

    private void reversalRow(ReversalPairing.Pair pair, UUID correctionId) {
        UUID reversalId = waitingReversalIds.remove(pair.reversal());
        if (reversalId == null) return; // the reversal belonged to a transaction stored before
        counts.reversals++;
        ClaimPayment c = pair.correction();
        reversals
                .add(Ids.next())
                .add(practiceId)
                .add(fileId)
                .add(reversalId)
                .add(correctionId)
                .add(pair.reversal().patientControlNumber())
                .add(pair.originalPayerClaimNumber())
                .add(c == null ? null : c.payerClaimNumber())
                .add(pair.reversedAmount())
                .add(c == null ? null : c.paid())
                .add(pair.netChange())
                .endRow();
    }

    @Override
    public void paymentEnd(PaymentSummary s) {
        Payment p = s.payment();
        if (remittanceId != null) {
            counts.remittances++;
            UUID id = remittanceId;
            counts.remittanceIds.add(id);
            headerRows.add(
                    () ->
                            remittances
                                    .add(id)
                                    .add(practiceId)
                                    .add(fileId)
                                    .add(p.transaction())
                                    .add(p.controlNumber())
                                    .add(p.version())
                                    .add(p.handlingCode())
                                    .add(p.amount())
                                    .add(p.creditDebit())
                                    .add(p.method())
                                    .add(p.paymentDate())
                                    .add(p.traceNumber())
                                    .add(p.traceOriginator())
                                    .add(payerId(p))
                                    .add(p.payer() == null ? null : p.payer().name())
                                    .add(p.payee() == null ? null : p.payee().id())
                                    .add(p.payee() == null ? null : p.payee().name())
                                    .add(s.claims())
                                    .add(s.serviceLines())
                                    .add(s.claimsPaid())
                                    .add(s.providerAdjustmentTotal())
                                    .add(s.paymentBalanced())
                                    .add(s.unbalancedClaims())
                                    .add(s.unbalancedLines())
                                    .add(p.segment())
                                    .add(keys.get(p.transaction()).value())
                                    .endRow());
            for (ProviderAdjustment a : s.providerAdjustments()) {
                providerAdjustments
                        .add(Ids.next())
                        .add(practiceId)
                        .add(remittanceId)
                        .add(a.providerId())
                        .add(a.fiscalPeriodDate())
                        .add(a.reasonCode())
                        .add(a.reference())
                        .add(a.amount())
                        .add(a.segment())
                        .endRow();
            }
        }
        remittanceId = null;
    }

    private static String payerId(Payment p) {
        if (p.payer() != null && p.payer().id() != null && !p.payer().id().isBlank())
            return p.payer().id();
        return p.traceOriginator();
    }

    // ---------------------------------------------------------------- 837

    @Override
    public void submittedClaim(SubmittedClaim c) {
        if (!wanted(c.transaction())) return;
        UUID submissionId =
                submissionIds.computeIfAbsent(
                        c.transaction(),
                        t -> {
                            UUID id = Ids.next();
                            counts.submissions++;
                            counts.submissionIds.add(id);
                            headerRows.add(
                                    () ->
                                            submissions
                                                    .add(id)
                                                    .add(practiceId)
                                                    .add(fileId)
                                                    .add(t)
                                                    .add(c.controlNumber())
                                                    .add(c.groupControlNumber())
                                                    .add(c.variant())
                                                    .add(c.submissionDate())
                                                    .add(keys.get(t).value())
                                                    .endRow());
                            return id;
                        });
        UUID claimId = Ids.next();
        lastClaimId = claimId;
        counts.submittedClaims++;
        Person sub = c.subscriber();
        Person pat = c.patient();
        submittedClaims
                .add(claimId)
                .add(practiceId)
                .add(submissionId)
                .add(c.variant())
                .add(c.controlNumber())
                .add(c.submissionDate())
                .add(id(c.submitter()))
                .add(id(c.receiver()))
                .add(id(c.billingProvider()))
                .add(name(c.billingProvider()))
                .add(c.billingProvider() == null ? null : c.billingProvider().taxId())
                .add(id(c.renderingProvider()))
                .add(name(c.renderingProvider()))
                .add(id(c.payer()))
                .add(name(c.payer()))
                .add(sub == null ? null : sub.memberId())
                .add(sub == null ? null : sub.lastName())
                .add(sub == null ? null : sub.firstName())
                .add(sub == null ? null : sub.birthDate())
                .add(sub == null ? null : sub.gender())
                .add(pat == null ? null : pat.lastName())
                .add(pat == null ? null : pat.firstName())
                .add(pat == null ? null : pat.birthDate())
                .add(pat == null ? null : pat.gender())
                .add(pat == null ? null : pat.relationship())
                .add(c.patientControlNumber() == null ? "" : c.patientControlNumber())
                .add(c.charge())
                .add(c.facilityCode())
                .add(c.frequency())
                .addArray(c.diagnoses())
                .add(c.priorAuthorization())
                .add(c.referral())
                .add(c.payerClaimNumber())
                .add(c.serviceFrom())
                .add(c.serviceTo())
                .add(c.lines().size())
                .add(c.segment())
                .endRow();
        for (ClaimLine l : c.lines()) {
            submittedLines
                    .add(Ids.next())
                    .add(practiceId)
                    .add(claimId)
                    .add(l.index())
                    .add(l.procedureQualifier())
                    .add(l.procedure())
                    .addArray(l.modifiers())
                    .add(l.charge())
                    .add(l.unitQualifier())
                    .add(l.units())
                    .add(l.serviceFrom())
                    .add(l.serviceTo())
                    .add(l.revenueCode())
                    .add(l.placeOfService())
                    .addArray(l.diagnosisPointers())
                    .add(l.controlNumber())
                    .endRow();
        }
    }

    private static String id(Provider p) {
        return p == null ? null : p.id();
    }

    private static String name(Provider p) {
        return p == null ? null : p.name();
    }

    // ---------------------------------------------------------------- 999 / 997 / 277CA

    /** Called right after {@link #submittedClaim} for the same 837P claim. */
    @Override
    public void claimDocument(org.reclaim.x12.claim.ClaimDocument d) {
        if (lastClaimId == null) return;
        claimDocuments.add(lastClaimId).add(practiceId).add(d.toText()).endRow();
        lastClaimId = null;
    }

    @Override
    public void eligibility(org.reclaim.x12.ack.Eligibility e) {
        if (!wanted(e.transaction())) return;
        eligibility
                .add(Ids.next())
                .add(practiceId)
                .add(fileId)
                .add(e.transaction())
                .add(e.controlNumber())
                .add(e.traceNumber())
                .add(e.payerId())
                .add(e.memberId())
                .add(e.active())
                .add(e.coverageCode())
                .add(e.planName())
                .add(e.planBegin())
                .add(e.planEnd())
                .addArray(e.rejections())
                .endRow();
    }

    @Override
    public void acknowledgment(Acknowledgment a) {
        if (!wanted(a.transaction())) return;
        UUID ackId = Ids.next();
        counts.acknowledgments++;
        counts.acknowledgmentIds.add(ackId);
        headerRows.add(
                () ->
                        acknowledgments
                                .add(ackId)
                                .add(practiceId)
                                .add(fileId)
                                .add(a.transaction())
                                .add(a.type())
                                .add(a.controlNumber())
                                .add(a.acknowledgedGroup())
                                .add(a.groupCode())
                                .add(a.groupAccepted())
                                .add(a.acceptedCount())
                                .add(a.rejectedCount())
                                .add(keys.get(a.transaction()).value())
                                .add(a.payerId())
                                .add(a.payerName())
                                .endRow());
        for (SetResponse s : a.sets()) {
            acknowledgmentItems
                    .add(Ids.next())
                    .add(practiceId)
                    .add(ackId)
                    .add("set")
                    .add(s.controlNumber())
                    .add((String) null)
                    .add((String) null)
                    .add(s.code())
                    .add(s.transactionSetId())
                    .add(s.accepted())
                    .addArray(s.errors())
                    .add((java.time.LocalDate) null)
                    .add((org.reclaim.common.Money) null)
                    .add((java.time.LocalDate) null)
                    .endRow();
        }
        for (ClaimStatus c : a.claims()) {
            acknowledgmentItems
                    .add(Ids.next())
                    .add(practiceId)
                    .add(ackId)
                    .add("claim")
                    .add((String) null)
                    .add(c.patientControlNumber())
                    .add(c.payerClaimNumber())
                    .add(c.category())
                    .add(c.status())
                    .add(c.accepted())
                    .addArray(c.reasons())
                    .add(c.statusDate())
                    .add(c.paid())
                    .add(c.paidOn())
                    .endRow();
        }
    }

    /** Call after the pass, once the keys are final. */
    void finish() {
        for (ReversalPairing.Pair pair : pairing.unmatched()) reversalRow(pair, null);
        headerRows.forEach(Runnable::run);
        for (CopySpool s : spools) s.finish();
    }

    @Override
    public void close() {
        for (CopySpool s : spools) s.close();
    }
}
