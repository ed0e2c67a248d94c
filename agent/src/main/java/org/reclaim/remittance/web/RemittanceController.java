package org.reclaim.remittance.web;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.core.NotFoundException;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/remittances/{id}}: one payment (835 transaction), its balancing per level and
 * its file's problems.
 */
@RestController
class RemittanceController {

    private final DatabaseClient db;

    RemittanceController(DatabaseClient db) {
        this.db = db;
    }

    record Party(String id, String name) {}

    record Balancing(
            boolean payment,
            boolean claims,
            boolean lines,
            int unbalancedClaims,
            int unbalancedLines,
            BigDecimal claimsPaid,
            BigDecimal plbTotal) {}

    record ProviderAdjustmentView(
            String providerId,
            LocalDate fiscalDate,
            String reasonCode,
            String reference,
            BigDecimal amount) {}

    record ClaimView(
            UUID id,
            int index,
            String patientControlNumber,
            String status,
            BigDecimal charge,
            BigDecimal paid,
            String payerClaimNumber,
            boolean balanced,
            UUID submittedClaimId,
            boolean linked,
            long denials) {}

    record ProblemView(
            String severity,
            long segment,
            String segmentId,
            Integer element,
            long offset,
            String message) {}

    record ReversalView(
            UUID reversalClaimId,
            UUID correctionClaimId,
            UUID originalClaimId,
            String patientControlNumber,
            String originalPayerClaimNumber,
            String correctionPayerClaimNumber,
            BigDecimal reversedAmount,
            BigDecimal correctedAmount,
            BigDecimal netChange) {}

    record RemittanceView(
            UUID id,
            UUID fileId,
            String controlNumber,
            String handlingCode,
            BigDecimal amount,
            String creditDebit,
            String method,
            LocalDate paymentDate,
            String traceNumber,
            Party payer,
            Party payee,
            int claimCount,
            int serviceLineCount,
            Balancing balanced,
            List<ProviderAdjustmentView> providerAdjustments,
            List<ClaimView> claims,
            List<ReversalView> reversals,
            List<ProblemView> problems) {}

    @GetMapping("/api/v1/remittances/{id}")
    Mono<RemittanceView> one(@PathVariable UUID id) {
        Mono<Map<String, Object>> head =
                PracticeScope.current()
                        .flatMap(
                                scope ->
                                        scope.bind(
                                                        db.sql(
                                                                "SELECT * FROM remittance WHERE "
                                                                        + scope.sql("practice_id")
                                                                        + " AND id = :id"))
                                                .bind("id", id)
                                                .fetch()
                                                .first());
        return head.switchIfEmpty(Mono.error(() -> new NotFoundException("remittance", id)))
                .flatMap(
                        r ->
                                Mono.zip(
                                                plbs(id),
                                                claims(id),
                                                reversals(id),
                                                problems((UUID) r.get("file_id")))
                                        .map(
                                                t ->
                                                        view(
                                                                r, t.getT1(), t.getT2(), t.getT3(),
                                                                t.getT4())));
    }

    private Mono<List<ProviderAdjustmentView>> plbs(UUID id) {
        return db.sql(
                        "SELECT * FROM provider_adjustment WHERE remittance_id = :id ORDER BY segment")
                .bind("id", id)
                .map(
                        r ->
                                new ProviderAdjustmentView(
                                        r.get("provider_id", String.class),
                                        r.get("fiscal_date", LocalDate.class),
                                        r.get("reason_code", String.class),
                                        r.get("reference", String.class),
                                        r.get("amount", BigDecimal.class)))
                .all()
                .collectList();
    }

    private Mono<List<ClaimView>> claims(UUID id) {
        return db.sql(
                        """
                        SELECT cp.*, l.submitted_claim_id,
                               (SELECT count(*) FROM denial d WHERE d.claim_payment_id = cp.id) AS denials
                        FROM claim_payment cp LEFT JOIN claim_payment_link l ON l.claim_payment_id = cp.id
                        WHERE cp.remittance_id = :id ORDER BY cp.claim_index""")
                .bind("id", id)
                .map(RemittanceController::claim)
                .all()
                .collectList();
    }

    private static ClaimView claim(Readable r) {
        UUID submitted = r.get("submitted_claim_id", UUID.class);
        return new ClaimView(
                r.get("id", UUID.class),
                r.get("claim_index", Integer.class),
                r.get("patient_control_number", String.class),
                r.get("status", String.class),
                r.get("charge", BigDecimal.class),
                r.get("paid", BigDecimal.class),
                r.get("payer_claim_number", String.class),
                Boolean.TRUE.equals(r.get("balanced", Boolean.class)),
                submitted,
                submitted != null,
                r.get("denials", Long.class));
    }

    private Mono<List<ReversalView>> reversals(UUID id) {
        return db.sql(
                        """
                        SELECT rv.* FROM reversal rv JOIN claim_payment rc ON rc.id = rv.reversal_claim_id
                        WHERE rc.remittance_id = :id ORDER BY rc.claim_index""")
                .bind("id", id)
                .map(
                        r ->
                                new ReversalView(
                                        r.get("reversal_claim_id", UUID.class),
                                        r.get("correction_claim_id", UUID.class),
                                        r.get("original_claim_id", UUID.class),
                                        r.get("patient_control_number", String.class),
                                        r.get("original_payer_claim_number", String.class),
                                        r.get("correction_payer_claim_number", String.class),
                                        r.get("reversed_amount", BigDecimal.class),
                                        r.get("corrected_amount", BigDecimal.class),
                                        r.get("net_change", BigDecimal.class)))
                .all()
                .collectList();
    }

    private Mono<List<ProblemView>> problems(UUID fileId) {
        return db.sql("SELECT * FROM file_problem WHERE file_id = :f ORDER BY ordinal")
                .bind("f", fileId)
                .map(
                        r ->
                                new ProblemView(
                                        r.get("severity", String.class),
                                        r.get("segment", Long.class),
                                        r.get("segment_id", String.class),
                                        r.get("element", Integer.class),
                                        r.get("byte_offset", Long.class),
                                        r.get("message", String.class)))
                .all()
                .collectList();
    }

    private static RemittanceView view(
            Map<String, Object> r,
            List<ProviderAdjustmentView> plbs,
            List<ClaimView> claims,
            List<ReversalView> reversals,
            List<ProblemView> problems) {
        int unbalancedClaims = (Integer) r.get("unbalanced_claims");
        int unbalancedLines = (Integer) r.get("unbalanced_lines");
        return new RemittanceView(
                (UUID) r.get("id"),
                (UUID) r.get("file_id"),
                (String) r.get("control_number"),
                (String) r.get("handling_code"),
                (BigDecimal) r.get("amount"),
                (String) r.get("credit_debit"),
                (String) r.get("method"),
                (LocalDate) r.get("payment_date"),
                (String) r.get("trace_number"),
                new Party((String) r.get("payer_id"), (String) r.get("payer_name")),
                new Party((String) r.get("payee_id"), (String) r.get("payee_name")),
                (Integer) r.get("claim_count"),
                (Integer) r.get("line_count"),
                new Balancing(
                        (Boolean) r.get("payment_balanced"),
                        unbalancedClaims == 0,
                        unbalancedLines == 0,
                        unbalancedClaims,
                        unbalancedLines,
                        (BigDecimal) r.get("claims_paid"),
                        (BigDecimal) r.get("plb_total")),
                plbs,
                claims,
                reversals,
                problems);
    }
}
