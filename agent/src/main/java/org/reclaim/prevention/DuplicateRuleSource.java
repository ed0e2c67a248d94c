package org.reclaim.prevention;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.scrub.ClaimRule;
import org.springframework.core.annotation.Order;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The duplicates rule ({@link DuplicateClaims}) over the practice's own claims on file: every
 * submitted claim that is paid (an 835 linked to it paid something) or in flight (no 835 answers it
 * yet). A claim the payer denied is neither: sending it again is a resubmission, not a duplicate of
 * a payment. Read once per scrubber built, one row per claim on file; voids are left out.
 */
@Component
@Order(30)
class DuplicateRuleSource implements RuleSource {

    private static final String ON_FILE =
            """
            SELECT sc.patient_control_number, sc.payer_id, sc.subscriber_member_id,
                   sc.patient_last_name, sc.patient_first_name, sc.patient_birth_date,
                   sc.service_from, sc.charge, sc.submission_date,
                   (SELECT min(l.service_from) FROM submitted_claim_line l
                    WHERE l.submitted_claim_id = sc.id) AS line_from,
                   ARRAY(SELECT coalesce(l.procedure, '') || ' ' || array_to_string(l.modifiers, ':')
                         FROM submitted_claim_line l WHERE l.submitted_claim_id = sc.id) AS procedures,
                   pay.answers, pay.paid, pay.payer_claim_number, pay.paid_on
            FROM submitted_claim sc
            LEFT JOIN LATERAL (
                SELECT count(*) AS answers,
                       sum(cp.paid) FILTER (WHERE cp.status IN ('1', '2', '3') AND cp.paid > 0) AS paid,
                       max(cp.payer_claim_number) AS payer_claim_number,
                       max(r.payment_date) AS paid_on
                FROM claim_payment_link k
                JOIN claim_payment cp ON cp.id = k.claim_payment_id
                JOIN remittance r ON r.id = cp.remittance_id
                WHERE k.submitted_claim_id = sc.id AND k.practice_id = sc.practice_id) pay ON true
            WHERE sc.practice_id = :p AND coalesce(sc.frequency, '1') <> '8'""";

    private final DatabaseClient db;

    DuplicateRuleSource(DatabaseClient db) {
        this.db = db;
    }

    private record Row(String key, DuplicateClaims.Original original) {}

    @Override
    public Mono<List<ClaimRule>> rulesFor(UUID practiceId, String practiceSlug) {
        return db.sql(ON_FILE)
                .bind("p", practiceId)
                .map(
                        r -> {
                            long answers = r.get("answers", Long.class);
                            BigDecimal paid = r.get("paid", BigDecimal.class);
                            // answered and not paid (denied): not a duplicate of anything
                            if (answers > 0 && paid == null) return new Row(null, null);
                            String[] lines = r.get("procedures", String[].class);
                            List<String> procedures = new ArrayList<>();
                            for (String l : lines == null ? new String[0] : lines) {
                                int sp = l.indexOf(' ');
                                String code = sp < 0 ? l : l.substring(0, sp);
                                String mods = sp < 0 ? "" : l.substring(sp + 1);
                                procedures.add(
                                        DuplicateClaims.procedure(
                                                code.isEmpty() ? null : code,
                                                mods.isEmpty()
                                                        ? List.of()
                                                        : Arrays.asList(mods.split(":"))));
                            }
                            LocalDate from = r.get("service_from", LocalDate.class);
                            LocalDate lineFrom = r.get("line_from", LocalDate.class);
                            if (lineFrom != null && (from == null || lineFrom.isBefore(from)))
                                from = lineFrom;
                            String key =
                                    DuplicateClaims.key(
                                            r.get("payer_id", String.class),
                                            r.get("subscriber_member_id", String.class),
                                            r.get("patient_last_name", String.class),
                                            r.get("patient_first_name", String.class),
                                            r.get("patient_birth_date", LocalDate.class),
                                            from,
                                            procedures,
                                            r.get("charge", BigDecimal.class));
                            return new Row(
                                    key,
                                    new DuplicateClaims.Original(
                                            r.get("patient_control_number", String.class),
                                            r.get("payer_claim_number", String.class),
                                            paid,
                                            paid == null ? null : r.get("paid_on", LocalDate.class),
                                            r.get("submission_date", LocalDate.class)));
                        })
                .all()
                .filter(row -> row.key() != null)
                .collectList()
                .map(
                        rows -> {
                            Map<String, List<DuplicateClaims.Original>> byKey = new HashMap<>();
                            for (Row row : rows)
                                byKey.computeIfAbsent(row.key(), k -> new ArrayList<>())
                                        .add(row.original());
                            return byKey.isEmpty()
                                    ? List.<ClaimRule>of()
                                    : List.<ClaimRule>of(new DuplicateClaims(byKey));
                        });
    }
}
