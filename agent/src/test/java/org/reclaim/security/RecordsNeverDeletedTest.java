package org.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reclaim.support.TestData.sample;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.practice.Practices;
import org.reclaim.support.ApiTest;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestData;
import org.springframework.http.MediaType;

/**
 * The application role cannot delete what billing and the audit trail rest on: billable events,
 * denial status changes, issued invoices and their lines; re-triage is for admins (issue 14, item
 * 16).
 */
class RecordsNeverDeletedTest extends ApiTest {

    private static final OffsetDateTime AT =
            OffsetDateTime.of(2026, 3, 5, 9, 0, 0, 0, ZoneOffset.UTC);

    private void run(String sql, Map<String, Object> params) {
        var spec = db.sql(sql);
        for (var e : params.entrySet()) spec = spec.bind(e.getKey(), e.getValue());
        spec.fetch().rowsUpdated().block();
    }

    @Test
    void billableEventsTheAuditTrailAndIssuedInvoicesAreNotDeleted() {
        withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                .post()
                .uri("/api/v1/remittances")
                .contentType(MediaType.parseMediaType("application/edi-x12"))
                .bodyValue(sample("tigershark/5010-835-example-2.txt"))
                .exchange()
                .expectStatus()
                .isCreated();
        UUID denial =
                db.sql("SELECT id FROM denial ORDER BY id LIMIT 1")
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();
        UUID event = UUID.randomUUID();
        UUID issued = UUID.randomUUID();
        UUID empty = UUID.randomUUID();
        UUID draft = UUID.randomUUID();
        UUID line = UUID.randomUUID();
        var p = Practices.DEFAULT_ID;
        run(
                """
                INSERT INTO denial_event (id, practice_id, denial_id, to_status, actor, reason, at)
                VALUES (gen_random_uuid(), :p, :d, 'IN_PROGRESS', 'system', 'test', :at)""",
                Map.of("p", p, "d", denial, "at", AT));
        run(
                """
                INSERT INTO billable_event (id, practice_id, denial_id, recovered, fee, at)
                VALUES (:e, :p, :d, 100.00, 4.00, :at)""",
                Map.of("e", event, "p", p, "d", denial, "at", AT));
        for (var entry :
                Map.of(issued, "2026-01-01", empty, "2026-02-01", draft, "2026-03-01").entrySet()) {
            run(
                    """
                    INSERT INTO invoice (id, practice_id, month, created_at, updated_at)
                    VALUES (:i, :p, CAST(:m AS date), :at, :at)""",
                    Map.of("i", entry.getKey(), "p", p, "m", entry.getValue(), "at", AT));
        }
        run(
                """
                INSERT INTO invoice_line (id, practice_id, invoice_id, billable_event_id, denial_id,
                                          resolved_at, recovered, fee)
                VALUES (:l, :p, :i, :e, :d, :at, 100.00, 4.00)""",
                Map.of("l", line, "p", p, "i", issued, "e", event, "d", denial, "at", AT));
        int sequence = 1;
        for (UUID invoice : List.of(issued, empty)) {
            run(
                    """
                    UPDATE invoice SET status = 'ISSUED', issued_at = :at, sequence = :s,
                                       number = 'T-' || :s, updated_at = :at WHERE id = :i""",
                    Map.of("i", invoice, "s", sequence++, "at", AT));
        }

        for (String table : List.of("denial_event", "billable_event")) {
            assertThatThrownBy(() -> run("DELETE FROM " + table, Map.of()))
                    .as(table)
                    .hasMessageContaining("permission denied");
        }
        assertThatThrownBy(() -> run("DELETE FROM invoice_line WHERE id = :l", Map.of("l", line)))
                .hasMessageContaining("never deleted");
        assertThatThrownBy(() -> run("DELETE FROM invoice WHERE id = :i", Map.of("i", empty)))
                .hasMessageContaining("never deleted");
        // a draft, which billing runs may still change, may go
        run("DELETE FROM invoice WHERE id = :i", Map.of("i", draft));

        assertThat(TestData.count(db, "SELECT count(*) FROM denial_event")).isPositive();
        assertThat(TestData.count(db, "SELECT count(*) FROM billable_event")).isEqualTo(1);
        assertThat(TestData.count(db, "SELECT count(*) FROM invoice_line")).isEqualTo(1);
        assertThat(TestData.count(db, "SELECT count(*) FROM invoice")).isEqualTo(2);
    }

    @Test
    void reTriageIsForAdminsOnly() {
        String user = "tri-" + UUID.randomUUID().toString().substring(0, 8);
        http.post()
                .uri("/api/v1/operators")
                .bodyValue(Map.of("username", user, "password", user + "-password"))
                .exchange()
                .expectStatus()
                .isCreated();
        asOperator(user, user + "-password")
                .post()
                .uri("/api/v1/triage")
                .exchange()
                .expectStatus()
                .isForbidden();
        withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                .post()
                .uri("/api/v1/triage")
                .exchange()
                .expectStatus()
                .isForbidden();
    }
}
