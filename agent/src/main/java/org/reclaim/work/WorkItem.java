package org.reclaim.work;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.reclaim.denial.DenialStatus;

/**
 * A claimed work item with what a step needs to know about its denial.
 *
 * @param payerIds the ids the payer appears under in the remittance (N1*PR, then TRN03): what
 *     triage looked the payer's rules up by, so a step finds the same rules (see {@link
 *     #payerIds()})
 * @param playbookVersion the version of the playbook the item is pinned to (null: started before
 *     versions were kept, pinned when it next runs)
 * @param keysByIndex the item started before steps were keyed by id: its idempotency keys name the
 *     step's position (in its pinned version, so they stay true)
 * @param leaseToken the claim's fencing token: a write made for this claim checks it (and the
 *     lease's owner and expiry), so a step whose lease was lost or taken over changes nothing
 */
public record WorkItem(
        UUID denialId,
        UUID practiceId,
        String payerId,
        String playbook,
        int stepIndex,
        int attempt,
        WorkContext context,
        Instant nextRunAt,
        DenialStatus status,
        String category,
        String patientControlNumber,
        String payerClaimNumber,
        Integer line,
        String procedure,
        String group,
        String carc,
        List<String> rarcs,
        BigDecimal amount,
        LocalDate serviceDate,
        LocalDate deadline,
        String payerType,
        int appealLevel,
        UUID claimPaymentId,
        UUID submittedClaimId,
        String practiceSlug,
        List<String> payerIds,
        String playbookVersion,
        boolean keysByIndex,
        long leaseToken) {

    public WorkItem {
        payerIds = payerIds == null ? List.of() : List.copyOf(payerIds);
    }

    /**
     * The key a step's own values are kept under in the context: its id ({@link
     * WorkContext#step(String)}).
     */
    public WorkItem withContext(WorkContext c) {
        return new WorkItem(
                denialId,
                practiceId,
                payerId,
                playbook,
                stepIndex,
                attempt,
                c,
                nextRunAt,
                status,
                category,
                patientControlNumber,
                payerClaimNumber,
                line,
                procedure,
                group,
                carc,
                rarcs,
                amount,
                serviceDate,
                deadline,
                payerType,
                appealLevel,
                claimPaymentId,
                submittedClaimId,
                practiceSlug,
                payerIds,
                playbookVersion,
                keysByIndex,
                leaseToken);
    }

    public WorkItem withStatus(DenialStatus s) {
        return new WorkItem(
                denialId,
                practiceId,
                payerId,
                playbook,
                stepIndex,
                attempt,
                context,
                nextRunAt,
                s,
                category,
                patientControlNumber,
                payerClaimNumber,
                line,
                procedure,
                group,
                carc,
                rarcs,
                amount,
                serviceDate,
                deadline,
                payerType,
                appealLevel,
                claimPaymentId,
                submittedClaimId,
                practiceSlug,
                payerIds,
                playbookVersion,
                keysByIndex,
                leaseToken);
    }
}
