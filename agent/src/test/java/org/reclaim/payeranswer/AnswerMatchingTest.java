package org.reclaim.payeranswer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.payeranswer.Remit835.PLAN_A;
import static org.reclaim.payeranswer.Remit835.PLAN_B;
import static org.reclaim.payeranswer.Remit835.claim;
import static org.reclaim.payeranswer.Remit835.line;
import static org.reclaim.payeranswer.Remit835.remit;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestData;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * A payer's answer matches a denial by payer, patient control number and payer claim number (or,
 * for a line, its date of service and procedure), never by patient control number alone (issue 14,
 * item 8).
 */
class AnswerMatchingTest extends ApiTest {

    @Autowired TriageService triage;

    @Test
    void aSecondaryPayersAnswerForTheSamePatientControlNumberLeavesThePrimarysDenialOpen() {
        LocalDate service = triage.today().minusDays(40);
        // plan A (primary) denies lines 1 and 2; the agent appeals line 1
        upload(
                remit(
                        "MATCHA1",
                        triage.today().minusDays(30),
                        100,
                        PLAN_A,
                        claim(
                                "MAT-1",
                                "1",
                                300,
                                100,
                                "MAT-1-A",
                                null,
                                "",
                                line("99213", service, 100, 0, "CO*97*100"),
                                line("99214", service, 100, 0, "CO*97*100"),
                                line("99215", service, 100, 100, null))));
        UUID primary1 = denial("MAT-1", 1, PLAN_A);
        UUID primary2 = denial("MAT-1", 2, PLAN_A);
        workDone(primary1);

        // plan B (secondary), same CLP01, same lines: pays line 1, denies line 2
        upload(
                remit(
                        "MATCHB1",
                        triage.today().minusDays(10),
                        100,
                        PLAN_B,
                        claim(
                                "MAT-1",
                                "2",
                                300,
                                100,
                                "MAT-1-B",
                                null,
                                "",
                                line("99213", service, 100, 100, null),
                                line("99214", service, 100, 0, "CO*97*100"),
                                line("99215", service, 100, 0, "OA*23*100"))));

        assertThat(status(primary1)).as("the primary's denial").isEqualTo("AWAITING_PAYER");
        assertThat(answered(primary1)).isFalse();
        assertThat(answered(primary2)).isFalse();
        assertThat(TestData.count(db, "SELECT count(*) FROM billable_event")).isZero();
        UUID secondary2 = denial("MAT-1", 2, PLAN_B);
        assertThat(status(secondary2))
                .as("the secondary's own denial is new work, not an answer to the primary's")
                .isNotEqualTo("CLOSED");

        // the primary's replacement adjudication: a new claim number that references the original
        upload(
                remit(
                        "MATCHA2",
                        triage.today().minusDays(5),
                        200,
                        PLAN_A,
                        claim(
                                "MAT-1",
                                "1",
                                300,
                                200,
                                "MAT-1-A2",
                                "MAT-1-A",
                                "",
                                line("99213", service, 100, 100, null),
                                line("99214", service, 100, 0, "CO*97*100"),
                                line("99215", service, 100, 100, null))));
        assertThat(status(primary1)).isEqualTo("RESOLVED_PAID");
        assertThat(TestData.count(db, "SELECT count(*) FROM billable_event")).isEqualTo(1);
    }

    @Test
    void anotherClaimOfTheSamePayerUnderTheSamePatientControlNumberDoesNotAnswerTheDenial() {
        LocalDate service = triage.today().minusDays(40);
        upload(
                remit(
                        "MATCHA3",
                        triage.today().minusDays(30),
                        70,
                        PLAN_A,
                        claim("MAT-2", "1", 100, 70, "MAT-2-A", null, "CAS*CO*16*30~")));
        UUID claimLevel = denial("MAT-2", null, PLAN_A);
        workDone(claimLevel);

        // the same payer, the same CLP01, but another claim (its own number, no REF*F8)
        upload(
                remit(
                        "MATCHA4",
                        triage.today().minusDays(10),
                        170,
                        PLAN_A,
                        claim(
                                "MAT-2",
                                "1",
                                200,
                                170,
                                "MAT-2-OTHER",
                                null,
                                "",
                                line("99396", service.minusDays(100), 100, 70, "CO*45*30"),
                                line("99397", service.minusDays(100), 100, 100, null))));
        assertThat(status(claimLevel)).isEqualTo("AWAITING_PAYER");
        assertThat(TestData.count(db, "SELECT count(*) FROM billable_event")).isZero();
    }

    @Test
    void aLineIsAnsweredByItsDateOfServiceAndProcedureUnderANewClaimNumber() {
        LocalDate service = triage.today().minusDays(40);
        upload(
                remit(
                        "MATCHA5",
                        triage.today().minusDays(30),
                        100,
                        PLAN_A,
                        claim(
                                "MAT-3",
                                "1",
                                200,
                                100,
                                "MAT-3-A",
                                null,
                                "",
                                line("99213", service, 100, 100, null),
                                line("99214", service, 100, 0, "CO*97*100"))));
        UUID line2 = denial("MAT-3", 2, PLAN_A);
        workDone(line2);

        // a new original claim for the denied service (after a rejection): a new number, no REF*F8,
        // the service on its first line
        upload(
                remit(
                        "MATCHA6",
                        triage.today().minusDays(10),
                        100,
                        PLAN_A,
                        claim(
                                "MAT-3",
                                "1",
                                100,
                                100,
                                "MAT-3-NEW",
                                null,
                                "",
                                line("99214", service, 100, 100, null))));
        assertThat(status(line2)).isEqualTo("RESOLVED_PAID");
        assertThat(TestData.count(db, "SELECT count(*) FROM billable_event")).isEqualTo(1);
    }

    // ---- helpers ----

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

    /** The claim's denial from that payer on that line (null: at claim level). */
    private UUID denial(String pcn, Integer line, String payer) {
        return db.sql(
                        "SELECT id FROM denial WHERE patient_control_number = :pcn AND payer_id = :payer AND "
                                + (line == null ? "line IS NULL" : "line = " + line))
                .bind("pcn", pcn)
                .bind("payer", payer)
                .map(r -> r.get(0, UUID.class))
                .one()
                .block();
    }

    /** An appeal sent for the denial a minute before now; the denial waits for the payer. */
    private void workDone(UUID denial) {
        db.sql(
                        """
                        INSERT INTO submission (id, practice_id, denial_id, idempotency_key, channel, kind, status, created_at, sent_at)
                        SELECT gen_random_uuid(), practice_id, id, 'test-' || id, 'portal', 'appeal', 'SENT',
                               now() - interval '1 minute', now() - interval '1 minute'
                        FROM denial WHERE id = :d""")
                .bind("d", denial)
                .then()
                .block();
        db.sql("UPDATE denial SET status = 'AWAITING_PAYER' WHERE id = :d")
                .bind("d", denial)
                .then()
                .block();
    }

    private String status(UUID denial) {
        return db.sql("SELECT status FROM denial WHERE id = :d")
                .bind("d", denial)
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }

    private boolean answered(UUID denial) {
        return TestData.count(
                        db,
                        "SELECT count(*) FROM denial WHERE answered_by IS NOT NULL AND id = '"
                                + denial
                                + "'")
                > 0;
    }
}
