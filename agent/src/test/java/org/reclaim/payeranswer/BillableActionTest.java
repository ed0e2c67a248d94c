package org.reclaim.payeranswer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.payeranswer.Remit835.PLAN_A;
import static org.reclaim.payeranswer.Remit835.claim;
import static org.reclaim.payeranswer.Remit835.line;
import static org.reclaim.payeranswer.Remit835.remit;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reclaim.support.ApiTest;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestData;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * A denial the payer pays is billed only when the agent took an action before the answer arrived: a
 * corrected claim, appeal or reopening the payer took (SENT), sent before the paying 835 arrived
 * (issue 14, item 9). The payer's payment resolves the denial either way.
 */
class BillableActionTest extends ApiTest {

    @Autowired TriageService triage;

    @ParameterizedTest(name = "{0} {1}, sent {2} minutes from the answer: billed {3}")
    @CsvSource({
        // kind, status, sent (minutes from now; empty: never sent), billed
        "837, PENDING, , false",
        "appeal, PENDING, , false",
        "appeal, REFUSED, , false",
        "276, SENT, -5, false",
        "270, SENT, -5, false",
        // sent after the answer arrived: the payer answered something else
        "appeal, SENT, 1440, false",
        "appeal, SENT, -5, true",
        "reopening, SENT, -5, true",
        "837, SENT, -5, true"
    })
    void aPaidDenialIsBilledOnlyForAnActionThePayerTookBeforeItsAnswer(
            String kind, String status, Integer sentInMinutes, boolean billed) {
        LocalDate service = triage.today().minusDays(40);
        upload(
                remit(
                        "BILLA1",
                        triage.today().minusDays(30),
                        0,
                        PLAN_A,
                        claim(
                                "BIL-1",
                                "1",
                                100,
                                0,
                                "BIL-1-A",
                                null,
                                "",
                                line("99213", service, 100, 0, "CO*97*100"))));
        UUID denial =
                db.sql("SELECT id FROM denial WHERE patient_control_number = 'BIL-1'")
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();
        db.sql(
                        """
                        INSERT INTO submission (id, practice_id, denial_id, idempotency_key, channel, kind, status,
                                                created_at, sent_at, refused_at, refusal_reason)
                        SELECT gen_random_uuid(), practice_id, id, 'test-' || id, 'clearinghouse', :kind, :status,
                               now() - interval '10 minutes',
                               CASE WHEN :status = 'SENT' THEN now() + make_interval(mins => :sent) END,
                               CASE WHEN :status = 'REFUSED' THEN now() - interval '5 minutes' END,
                               CASE WHEN :status = 'REFUSED' THEN 'refused by the test' END
                        FROM denial WHERE id = :d""")
                .bind("kind", kind)
                .bind("status", status)
                .bind("sent", sentInMinutes == null ? 0 : sentInMinutes)
                .bind("d", denial)
                .then()
                .block();
        db.sql("UPDATE denial SET status = 'AWAITING_PAYER' WHERE id = :d")
                .bind("d", denial)
                .then()
                .block();

        upload(
                remit(
                        "BILLA2",
                        triage.today().minusDays(5),
                        100,
                        PLAN_A,
                        claim(
                                "BIL-1",
                                "1",
                                100,
                                100,
                                "BIL-1-A",
                                null,
                                "",
                                line("99213", service, 100, 100, null))));

        assertThat(
                        TestData.count(
                                db,
                                "SELECT count(*) FROM denial WHERE status = 'RESOLVED_PAID' AND id = '"
                                        + denial
                                        + "'"))
                .as("the payer paid")
                .isEqualTo(1);
        assertThat(TestData.count(db, "SELECT count(*) FROM billable_event"))
                .isEqualTo(billed ? 1 : 0);
    }

    private void upload(String x12) {
        withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                .post()
                .uri("/api/v1/remittances")
                .contentType(MediaType.parseMediaType("application/edi-x12"))
                .bodyValue(x12.getBytes(StandardCharsets.US_ASCII))
                .exchange()
                .expectStatus()
                .isCreated();
    }
}
