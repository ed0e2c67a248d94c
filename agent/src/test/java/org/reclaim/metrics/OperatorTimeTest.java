package org.reclaim.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.core.Ids;
import org.reclaim.support.ApiTest;

/**
 * Operator decisions carry the seconds spent on them when the client says; otherwise the time is
 * unknown.
 */
class OperatorTimeTest extends ApiTest {

    @Test
    void decisionsRecordTheReportedSecondsOrUnknownAndTheCostCountsThem() {
        Fixture f = new Fixture(db);
        UUID r = f.remittance(f.file("835", "2025-03-03"), "P1", "2025-03-03");
        UUID cp = f.claimPayment(r, 1, "PCN1", "4", "100.00", "0.00");
        UUID approved =
                f.denial(
                        r,
                        cp,
                        "P1",
                        "2025-03-03",
                        "PCN1",
                        "CO",
                        "16",
                        "60.00",
                        "CLAIM_DATA",
                        "claim-data",
                        null,
                        "AWAITING_REVIEW");
        UUID rejected =
                f.denial(
                        r,
                        cp,
                        "P1",
                        "2025-03-03",
                        "PCN1",
                        "CO",
                        "4",
                        "40.00",
                        "CODING",
                        "coding",
                        null,
                        "AWAITING_REVIEW");
        UUID closed =
                f.denial(
                        r,
                        cp,
                        "P1",
                        "2025-03-03",
                        "PCN1",
                        "CO",
                        "197",
                        "10.00",
                        "AUTHORIZATION",
                        "authorization",
                        LocalDate.now().plusDays(50),
                        "TRIAGED");
        UUID review1 = review(approved);
        UUID review2 = review(rejected);

        // out of range: refused, nothing recorded, the review still open
        http.post()
                .uri("/api/v1/reviews/" + review1 + "/approve")
                .bodyValue(Map.of("operator", "Ana", "operatorSeconds", -5))
                .exchange()
                .expectStatus()
                .isBadRequest();
        assertThat(count(db, "SELECT count(*) FROM operator_time")).isZero();
        assertThat(count(db, "SELECT count(*) FROM review WHERE status = 'OPEN'")).isEqualTo(2);

        http.post()
                .uri("/api/v1/reviews/" + review1 + "/approve")
                .bodyValue(Map.of("operator", "Ana", "operatorSeconds", 95))
                .exchange()
                .expectStatus()
                .isNoContent();
        http.post()
                .uri("/api/v1/reviews/" + review2 + "/reject")
                .bodyValue(Map.of("operator", "Sam", "reason", "wrong modifier"))
                .exchange()
                .expectStatus()
                .isNoContent();
        http.post()
                .uri("/api/v1/denials/" + closed + "/actions")
                .bodyValue(
                        Map.of(
                                "action",
                                "CLOSE",
                                "operator",
                                "Ana",
                                "reason",
                                "paid by phone",
                                "operatorSeconds",
                                40))
                .exchange()
                .expectStatus()
                .isNoContent();

        assertThat(row(approved)).isEqualTo("APPROVE|admin|95|" + review1);
        assertThat(row(rejected)).isEqualTo("REJECT|admin|null|" + review2);
        assertThat(row(closed)).isEqualTo("CLOSE|admin|40|null");

        var cost =
                http.get()
                        .uri("/api/v1/metrics")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        @SuppressWarnings("unchecked")
        var c =
                (Map<String, Object>)
                        ((Map<String, Object>) cost.get("overall")).get("costToRework");
        assertThat(c)
                .containsEntry("operatorSeconds", 135)
                .containsEntry("operatorDecisions", 3)
                .containsEntry("operatorDecisionsWithoutTime", 1)
                .containsEntry("workedDenials", 3);
    }

    UUID review(UUID denial) {
        UUID id = Ids.next();
        db.sql(
                        """
                        INSERT INTO review (id, practice_id, denial_id, step_index, reason, status, created_at)
                        VALUES (:id, :p, :d, 2, 'policy: every appeal is reviewed', 'OPEN', now())""")
                .bind("id", id)
                .bind("p", Fixture.PRACTICE)
                .bind("d", denial)
                .then()
                .block();
        return id;
    }

    String row(UUID denial) {
        return db.sql(
                        "SELECT action, operator, seconds, review_id FROM operator_time WHERE denial_id = :d")
                .bind("d", denial)
                .map(
                        x ->
                                x.get("action", String.class)
                                        + "|"
                                        + x.get("operator", String.class)
                                        + "|"
                                        + x.get("seconds", Integer.class)
                                        + "|"
                                        + x.get("review_id", UUID.class))
                .one()
                .block();
    }
}
