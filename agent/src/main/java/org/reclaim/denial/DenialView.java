package org.reclaim.denial;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A denial as the API shows it: the denial fields of docs/contracts.md §2 plus its id, status,
 * where it came from and its triage (null until triaged).
 *
 * @param daysLeft days from today to the deadline, negative once past
 * @param priority expected recoverable dollars weighted by urgency ({@code
 *     org.reclaim.denial.Priority})
 * @param refusals what partners refused of what the agent sent for it, oldest first
 * @param waitingFor what the agent's next step waits for and until when (a partner that asked it to
 *     wait, an outage, its own breaker), or null when it is not waiting; only on the denial's own
 *     view
 * @param assignee the operator who works the denial now (user name), or null
 * @param escalation why the denial waits for a person and what the person must do; only while it is
 *     ESCALATED
 */
public record DenialView(
        UUID id,
        UUID practiceId,
        String status,
        String patientControlNumber,
        String payerClaimNumber,
        Integer line,
        String procedure,
        List<String> modifiers,
        LocalDate serviceDate,
        BigDecimal charge,
        BigDecimal paid,
        String group,
        String carc,
        List<String> rarcs,
        BigDecimal amount,
        boolean workable,
        Party payer,
        LocalDate paymentDate,
        UUID remittanceId,
        UUID claimPaymentId,
        UUID submittedClaimId,
        boolean linked,
        String category,
        String rootCause,
        Boolean appealable,
        String nextAction,
        LocalDate deadline,
        String deadlineBasis,
        Long daysLeft,
        Boolean expired,
        BigDecimal expectedRecovery,
        BigDecimal priority,
        String playbook,
        String playbookReason,
        String categoryBasis,
        List<String> triageWarnings,
        List<AdjustmentView> adjustments,
        List<Refusal> refusals,
        Waiting waitingFor,
        String assignee,
        Escalation escalation) {

    public DenialView {
        refusals = refusals == null ? List.of() : List.copyOf(refusals);
    }

    /**
     * @param type payer type from config/payers.yml; {@code configured} false when the payer is not
     *     in it
     */
    public record Party(String id, String name, String type, Boolean configured) {}

    /**
     * An adjustment as docs/contracts.md §2 lists it (plus its CAS quantity); {@code line} is null
     * at claim level.
     */
    public record AdjustmentView(
            String patientControlNumber,
            String payerClaimNumber,
            Integer line,
            String group,
            String carc,
            List<String> rarcs,
            BigDecimal amount,
            BigDecimal quantity,
            String category,
            boolean workable) {}

    /**
     * A partner refused a submission of the agent's: the clearinghouse rejected the file, the
     * payer's portal refused the request.
     *
     * @param channel where it went: {@code clearinghouse} or {@code portal}
     * @param kind what it was: {@code 837}, {@code 276}, {@code 270}, {@code appeal}, {@code
     *     reopening}
     * @param reason the partner's reason, as it gave it
     * @param status the submission's status now: {@code REFUSED}, or {@code SENT} when it was taken
     *     later
     */
    public record Refusal(
            String channel, String kind, String reason, OffsetDateTime refusedAt, String status) {}

    /**
     * The agent's step for the denial is waiting: the reason its step log gives (the partner's
     * word, the fault and its attempts) and when it runs again.
     */
    public record Waiting(String step, String reason, OffsetDateTime until) {}

    /**
     * An escalation as a work item: the reason the agent (or the payer, or an operator) gave when
     * it handed the denial to a person, and what that person must do about it.
     *
     * @param at when it was escalated
     * @param by who escalated it, as the audit trail names them ({@code agent:ESCALATE}, ...)
     */
    public record Escalation(String reason, String todo, OffsetDateTime at, String by) {}

    DenialView withEscalation(Escalation e) {
        return new DenialView(
                id,
                practiceId,
                status,
                patientControlNumber,
                payerClaimNumber,
                line,
                procedure,
                modifiers,
                serviceDate,
                charge,
                paid,
                group,
                carc,
                rarcs,
                amount,
                workable,
                payer,
                paymentDate,
                remittanceId,
                claimPaymentId,
                submittedClaimId,
                linked,
                category,
                rootCause,
                appealable,
                nextAction,
                deadline,
                deadlineBasis,
                daysLeft,
                expired,
                expectedRecovery,
                priority,
                playbook,
                playbookReason,
                categoryBasis,
                triageWarnings,
                adjustments,
                refusals,
                waitingFor,
                assignee,
                e);
    }

    DenialView withAdjustments(List<AdjustmentView> list) {
        return new DenialView(
                id,
                practiceId,
                status,
                patientControlNumber,
                payerClaimNumber,
                line,
                procedure,
                modifiers,
                serviceDate,
                charge,
                paid,
                group,
                carc,
                rarcs,
                amount,
                workable,
                payer,
                paymentDate,
                remittanceId,
                claimPaymentId,
                submittedClaimId,
                linked,
                category,
                rootCause,
                appealable,
                nextAction,
                deadline,
                deadlineBasis,
                daysLeft,
                expired,
                expectedRecovery,
                priority,
                playbook,
                playbookReason,
                categoryBasis,
                triageWarnings,
                list,
                refusals,
                waitingFor,
                assignee,
                escalation);
    }

    DenialView withRefusals(List<Refusal> list) {
        return new DenialView(
                id,
                practiceId,
                status,
                patientControlNumber,
                payerClaimNumber,
                line,
                procedure,
                modifiers,
                serviceDate,
                charge,
                paid,
                group,
                carc,
                rarcs,
                amount,
                workable,
                payer,
                paymentDate,
                remittanceId,
                claimPaymentId,
                submittedClaimId,
                linked,
                category,
                rootCause,
                appealable,
                nextAction,
                deadline,
                deadlineBasis,
                daysLeft,
                expired,
                expectedRecovery,
                priority,
                playbook,
                playbookReason,
                categoryBasis,
                triageWarnings,
                adjustments,
                list,
                waitingFor,
                assignee,
                escalation);
    }

    DenialView withWaiting(Waiting w) {
        return new DenialView(
                id,
                practiceId,
                status,
                patientControlNumber,
                payerClaimNumber,
                line,
                procedure,
                modifiers,
                serviceDate,
                charge,
                paid,
                group,
                carc,
                rarcs,
                amount,
                workable,
                payer,
                paymentDate,
                remittanceId,
                claimPaymentId,
                submittedClaimId,
                linked,
                category,
                rootCause,
                appealable,
                nextAction,
                deadline,
                deadlineBasis,
                daysLeft,
                expired,
                expectedRecovery,
                priority,
                playbook,
                playbookReason,
                categoryBasis,
                triageWarnings,
                adjustments,
                refusals,
                w,
                assignee,
                escalation);
    }
}
