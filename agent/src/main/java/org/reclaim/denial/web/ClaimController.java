package org.reclaim.denial.web;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.core.NotFoundException;
import org.reclaim.denial.DenialQueries;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/claims/{id}}: a submitted claim (837) with its acknowledgments (999/997 for
 * its transaction set, 277CA for the claim), the remittances that answer it, and their denials.
 */
@RestController
class ClaimController {

    private final DatabaseClient db;
    private final DenialQueries denials;

    ClaimController(DatabaseClient db, DenialQueries denials) {
        this.db = db;
        this.denials = denials;
    }

    record Party(String id, String name) {}

    record Line(
            int index,
            String procedureQualifier,
            String procedure,
            List<String> modifiers,
            BigDecimal charge,
            String unitQualifier,
            BigDecimal units,
            LocalDate serviceFrom,
            LocalDate serviceTo,
            String revenueCode) {}

    record AckView(
            UUID acknowledgmentId,
            String type,
            String level,
            String code,
            String status,
            boolean accepted,
            List<String> reasons,
            LocalDate statusDate,
            String payerClaimNumber) {}

    record PaymentView(
            UUID claimPaymentId,
            UUID remittanceId,
            String status,
            BigDecimal charge,
            BigDecimal paid,
            String payerClaimNumber,
            LocalDate paymentDate,
            String traceNumber) {}

    record ClaimView(
            UUID id,
            String variant,
            String patientControlNumber,
            BigDecimal charge,
            String frequency,
            String facilityCode,
            LocalDate submissionDate,
            LocalDate serviceFrom,
            LocalDate serviceTo,
            Party payer,
            Party billingProvider,
            Party renderingProvider,
            List<String> diagnoses,
            String priorAuthorization,
            String referral,
            String payerClaimNumber,
            List<Line> lines,
            List<AckView> acknowledgments,
            boolean rejected,
            List<PaymentView> remittances,
            List<Object> denials) {}

    @GetMapping("/api/v1/claims/{id}")
    Mono<ClaimView> one(@PathVariable UUID id) {
        return PracticeScope.current()
                .flatMap(
                        scope ->
                                scope.bind(
                                                db.sql(
                                                        "SELECT * FROM submitted_claim WHERE "
                                                                + scope.sql("practice_id")
                                                                + " AND id = :id"))
                                        .bind("id", id)
                                        .fetch()
                                        .first())
                .switchIfEmpty(Mono.error(() -> new NotFoundException("claim", id)))
                .flatMap(
                        c ->
                                Mono.zip(lines(id), acks(c), payments(id))
                                        .flatMap(
                                                t ->
                                                        denials.ofClaimPayments(
                                                                        t.getT3().stream()
                                                                                .map(
                                                                                        PaymentView
                                                                                                ::claimPaymentId)
                                                                                .toList())
                                                                .map(
                                                                        ds ->
                                                                                view(
                                                                                        c,
                                                                                        t.getT1(),
                                                                                        t.getT2(),
                                                                                        t.getT3(),
                                                                                        List.copyOf(
                                                                                                ds)))));
    }

    private Mono<List<Line>> lines(UUID id) {
        return db.sql(
                        "SELECT * FROM submitted_claim_line WHERE submitted_claim_id = :id ORDER BY line_index")
                .bind("id", id)
                .map(
                        r ->
                                new Line(
                                        r.get("line_index", Integer.class),
                                        r.get("procedure_qualifier", String.class),
                                        r.get("procedure", String.class),
                                        strings(r, "modifiers"),
                                        r.get("charge", BigDecimal.class),
                                        r.get("unit_qualifier", String.class),
                                        r.get("units", BigDecimal.class),
                                        r.get("service_from", LocalDate.class),
                                        r.get("service_to", LocalDate.class),
                                        r.get("revenue_code", String.class)))
                .all()
                .collectList();
    }

    /**
     * 277CA answers linked to the claim, and 999/997 answers about the transaction set that carried
     * it: matched by set and group control number and arrival, as the view {@code set_answer}
     * decides (V10__rejections.sql), so another file's set with the same ST02 shows its own answers
     * only.
     */
    private Mono<List<AckView>> acks(Map<String, Object> claim) {
        return db.sql(
                        """
                        SELECT i.*, a.type FROM acknowledgment_item i JOIN acknowledgment a ON a.id = i.acknowledgment_id
                        WHERE i.practice_id = :p AND (
                            (i.kind = 'claim' AND i.submitted_claim_id = :id)
                         OR i.id IN (SELECT sa.item_id FROM set_answer sa WHERE sa.claim_submission_id = :submission))
                        ORDER BY i.id""")
                .bind("p", claim.get("practice_id"))
                .bind("id", claim.get("id"))
                .bind("submission", claim.get("submission_id"))
                .map(
                        r ->
                                new AckView(
                                        r.get("acknowledgment_id", UUID.class),
                                        r.get("type", String.class),
                                        r.get("kind", String.class),
                                        r.get("code", String.class),
                                        "set".equals(r.get("kind", String.class))
                                                ? null
                                                : r.get("status", String.class),
                                        Boolean.TRUE.equals(r.get("accepted", Boolean.class)),
                                        strings(r, "reasons"),
                                        r.get("status_date", LocalDate.class),
                                        r.get("payer_claim_number", String.class)))
                .all()
                .collectList();
    }

    private Mono<List<PaymentView>> payments(UUID id) {
        return db.sql(
                        """
                        SELECT cp.id, cp.remittance_id, cp.status, cp.charge, cp.paid, cp.payer_claim_number,
                               r.payment_date, r.trace_number
                        FROM claim_payment_link l
                        JOIN claim_payment cp ON cp.id = l.claim_payment_id
                        JOIN remittance r ON r.id = cp.remittance_id
                        WHERE l.submitted_claim_id = :id ORDER BY r.payment_date NULLS LAST, cp.id""")
                .bind("id", id)
                .map(
                        r ->
                                new PaymentView(
                                        r.get("id", UUID.class),
                                        r.get("remittance_id", UUID.class),
                                        r.get("status", String.class),
                                        r.get("charge", BigDecimal.class),
                                        r.get("paid", BigDecimal.class),
                                        r.get("payer_claim_number", String.class),
                                        r.get("payment_date", LocalDate.class),
                                        r.get("trace_number", String.class)))
                .all()
                .collectList();
    }

    private static List<String> strings(Readable r, String column) {
        String[] a = r.get(column, String[].class);
        return a == null ? List.of() : Arrays.asList(a);
    }

    private static ClaimView view(
            Map<String, Object> c,
            List<Line> lines,
            List<AckView> acks,
            List<PaymentView> payments,
            List<Object> denials) {
        String[] dx = (String[]) c.get("diagnoses");
        return new ClaimView(
                (UUID) c.get("id"),
                (String) c.get("variant"),
                (String) c.get("patient_control_number"),
                (BigDecimal) c.get("charge"),
                (String) c.get("frequency"),
                (String) c.get("facility_code"),
                (LocalDate) c.get("submission_date"),
                (LocalDate) c.get("service_from"),
                (LocalDate) c.get("service_to"),
                new Party((String) c.get("payer_id"), (String) c.get("payer_name")),
                new Party(
                        (String) c.get("billing_provider_id"),
                        (String) c.get("billing_provider_name")),
                new Party(
                        (String) c.get("rendering_provider_id"),
                        (String) c.get("rendering_provider_name")),
                dx == null ? List.of() : Arrays.asList(dx),
                (String) c.get("prior_authorization"),
                (String) c.get("referral"),
                (String) c.get("payer_claim_number"),
                lines,
                acks,
                acks.stream().anyMatch(a -> !a.accepted()),
                payments,
                denials);
    }
}
