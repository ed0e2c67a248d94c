package org.reclaim.denial.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A denial as the API shows it: the denial fields of CONTRACTS §2 plus its id, status and where it came from. */
public record DenialView(UUID id, String status, String patientControlNumber, String payerClaimNumber, Integer line,
        String procedure, List<String> modifiers, LocalDate serviceDate, BigDecimal charge, BigDecimal paid,
        String group, String carc, List<String> rarcs, BigDecimal amount, boolean workable, Party payer,
        LocalDate paymentDate, UUID remittanceId, UUID claimPaymentId, UUID submittedClaimId, boolean linked,
        List<AdjustmentView> adjustments) {

    public record Party(String id, String name) {
    }

    public record AdjustmentView(Integer line, String group, String carc, BigDecimal amount, BigDecimal quantity,
            boolean workable) {
    }

    DenialView withAdjustments(List<AdjustmentView> list) {
        return new DenialView(id, status, patientControlNumber, payerClaimNumber, line, procedure, modifiers,
                serviceDate, charge, paid, group, carc, rarcs, amount, workable, payer, paymentDate, remittanceId,
                claimPaymentId, submittedClaimId, linked, list);
    }
}
