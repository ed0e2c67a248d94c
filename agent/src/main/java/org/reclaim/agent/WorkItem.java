package org.reclaim.agent;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.reclaim.denial.DenialStatus;

/** A claimed work item with what a step needs to know about its denial. */
public record WorkItem(UUID denialId, UUID practiceId, String payerId, String playbook, int stepIndex, int attempt,
        WorkContext context, Instant nextRunAt, DenialStatus status, String category, String patientControlNumber,
        String payerClaimNumber, Integer line, String procedure, String group, String carc, List<String> rarcs,
        BigDecimal amount, LocalDate serviceDate, LocalDate deadline, String payerType, int appealLevel,
        UUID claimPaymentId, UUID submittedClaimId, String practiceSlug) {
}
