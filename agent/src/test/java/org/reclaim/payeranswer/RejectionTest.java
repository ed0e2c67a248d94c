package org.reclaim.payeranswer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.review.OperatorActions;
import org.reclaim.support.ApiTest;
import org.reclaim.support.TestData;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.write.AcknowledgmentWriter;
import org.reclaim.x12.write.Envelope;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A 277CA or 999 rejecting the agent's corrected claim sends the denial back to drafting at once.
 */
class RejectionTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired org.reclaim.core.ReclaimProperties props;
    @Autowired OperatorActions operators;
    @Autowired org.reclaim.ingest.IngestService ingest;

    @org.junit.jupiter.api.AfterEach
    void noCodingSupportLeft() {
        org.reclaim.support.TestCoding.removeSupport(props.dataDir(), triage);
    }

    @Test
    void aRejectedCorrectedClaimGoesBackToItsPlaybookAndIsSentAgainUnderANewKey() {
        UUID denial = awaitingPayer();

        String document =
                db.sql(
                                """
                        SELECT cd.document FROM claim_document cd JOIN claim_payment_link l ON l.submitted_claim_id = cd.submitted_claim_id
                        JOIN denial d ON d.claim_payment_id = l.claim_payment_id WHERE d.id = :d""")
                        .bind("d", denial)
                        .map(x -> x.get(0, String.class))
                        .one()
                        .block();
        ClaimDocument doc = ClaimDocument.parse(document);
        byte[] rejection =
                AcknowledgmentWriter.write277CA(
                        new AcknowledgmentWriter.ClaimAcknowledgment(
                                doc.payer().name(),
                                doc.receiver(),
                                doc.billingProvider().party().name(),
                                "BATCH1",
                                triage.today(),
                                List.of(
                                        AcknowledgmentWriter.ClaimVerdict.rejected(
                                                doc, "A7", "21", null))),
                        new Envelope(
                                "ZZ",
                                "TESTPAYER",
                                "ZZ",
                                "RECLAIM",
                                "TESTPAYER",
                                "RECLAIM",
                                Envelope.Usage.TEST,
                                77,
                                77,
                                77,
                                LocalDateTime.now()));
        post(rejection);

        assertThat(status(denial)).isEqualTo("IN_PROGRESS");
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial_event WHERE denial_id = '"
                                        + denial
                                        + "' AND actor = 'payer:277CA'"))
                .isEqualTo(1);
        http.get()
                .uri("/api/v1/rejections?status=open")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.totalElements")
                .isEqualTo(0); // worked on its denial, not again as the practice's
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM work_item WHERE denial_id = '"
                                        + denial
                                        + "' AND step_index = 0 AND state = 'READY'"))
                .isEqualTo(1);

        orchestrator.runUntilIdle().block(); // drafted again: a person reviews it again
        approveReviewOf(denial);
        orchestrator.runUntilIdle().block();
        assertThat(status(denial)).isEqualTo("AWAITING_PAYER");
        assertThat(
                        count(
                                db,
                                "SELECT count(DISTINCT idempotency_key) FROM submission WHERE denial_id = '"
                                        + denial
                                        + "'"))
                .as("the resubmission is a new submission with a new key")
                .isEqualTo(2);

        // the 277CA applied once more (another answer in its file failed, or an instance died
        // before marking
        // it answered): the claim already sent again is not sent back a second time
        db.sql(
                        "UPDATE x12_file SET answered_at = NULL, answering_until = NULL WHERE type = '277CA'")
                .then()
                .block();
        ingest.catchUp().block();
        assertThat(count(db, "SELECT count(*) FROM x12_file WHERE answered_at IS NULL")).isZero();
        assertThat(status(denial)).isEqualTo("AWAITING_PAYER");
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial_event WHERE denial_id = '"
                                        + denial
                                        + "' AND actor = 'payer:277CA'"))
                .isEqualTo(1);
    }

    @Test
    void aGroupRejectedWithoutNamingItsSetsSendsTheClaimItCarriedBackToDrafting() {
        UUID denial = awaitingPayer();
        String control =
                db.sql("SELECT control_number FROM submission WHERE denial_id = :d")
                        .bind("d", denial)
                        .map(x -> x.get(0, String.class))
                        .one()
                        .block();
        // AK9*R and no AK2 loop: the 999 names only the functional group (AK102), numbered like the
        // submission
        String rejection =
                TestData.sampleText("imsweb/x12_999_accepted.txt")
                        .replace("AK1*HC*17456*", "AK1*HC*" + Long.parseLong(control) + "*")
                        .replace(
                                "AK2*837*0001*005010X223A2~\nIK5*A~\nAK9*A*1*1*1~\nSE*6*",
                                "AK9*R*1*1*0*5~\nSE*4*");

        // the same number on a group of claim status requests (AK1*HR, 276): not about the claim
        post(rejection.replace("AK1*HC*", "AK1*HR*").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(status(denial)).isEqualTo("AWAITING_PAYER");

        post(rejection.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(status(denial)).isEqualTo("IN_PROGRESS");
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM work_item WHERE denial_id = '"
                                        + denial
                                        + "' AND step_index = 0 AND state = 'READY'"))
                .isEqualTo(1);
        assertThat(
                        org.reclaim.work.WorkContext.decode(
                                        db.sql("SELECT context FROM work_item WHERE denial_id = :d")
                                                .bind("d", denial)
                                                .map(r -> r.get(0, String.class))
                                                .one()
                                                .block())
                                .get("rejection"))
                .startsWith("R AK905 5");
    }

    @Test
    void aSetAnswerIsAboutTheCorrectedClaimOnlyInTheGroupItWasSentIn() {
        UUID denial = awaitingPayer();
        long control =
                Long.parseLong(
                        db.sql("SELECT control_number FROM submission WHERE denial_id = :d")
                                .bind("d", denial)
                                .map(x -> x.get(0, String.class))
                                .one()
                                .block());

        post(
                setRejected(
                        control + 1,
                        control,
                        78)); // the agent's set number, in a group it did not send
        assertThat(status(denial)).isEqualTo("AWAITING_PAYER");

        post(setRejected(control, control, 79));
        assertThat(status(denial)).isEqualTo("IN_PROGRESS");
    }

    /**
     * A 999 rejecting set {@code set} of group {@code group} (AK102, AK202), sent in interchange
     * {@code ack}.
     */
    static byte[] setRejected(long group, long set, long ack) {
        return AcknowledgmentWriter.write999(
                new AcknowledgmentWriter.ReceivedGroup(
                        "HC",
                        group,
                        "005010X222A1",
                        List.of(
                                new AcknowledgmentWriter.SetAnswer(
                                        "837",
                                        String.format("%04d", set),
                                        List.of(
                                                new AcknowledgmentWriter.SegmentError(
                                                        "CLM", 3, "2300", "8", 1, "7"))))),
                new Envelope(
                        "ZZ",
                        "TESTPAYER",
                        "ZZ",
                        "RECLAIM",
                        "TESTPAYER",
                        "RECLAIM",
                        Envelope.Usage.TEST,
                        ack,
                        ack,
                        ack,
                        LocalDateTime.now()));
    }

    @Test
    void aRejectionFromAnotherPayerForTheSamePatientControlNumberLeavesTheWorkWaiting() {
        UUID denial = awaitingPayer();
        String document =
                db.sql(
                                """
                        SELECT cd.document FROM claim_document cd JOIN claim_payment_link l ON l.submitted_claim_id = cd.submitted_claim_id
                        JOIN denial d ON d.claim_payment_id = l.claim_payment_id WHERE d.id = :d""")
                        .bind("d", denial)
                        .map(x -> x.get(0, String.class))
                        .one()
                        .block();
        ClaimDocument doc = ClaimDocument.parse(document);
        // the practice's own claim with the same CLM01 to another (fictitious) payer, rejected
        // there
        String other = "1990000104".equals(doc.payer().name().id()) ? "1990000103" : "1990000104";
        byte[] rejection =
                AcknowledgmentWriter.write277CA(
                        new AcknowledgmentWriter.ClaimAcknowledgment(
                                ClaimDocument.Name.organization(
                                        "TEST SECONDARY PLAN " + other, "PI", other),
                                doc.receiver(),
                                doc.billingProvider().party().name(),
                                "BATCH9",
                                triage.today(),
                                List.of(
                                        AcknowledgmentWriter.ClaimVerdict.rejected(
                                                doc, "A7", "21", null))),
                        new Envelope(
                                "ZZ",
                                "OTHERPAYER",
                                "ZZ",
                                "RECLAIM",
                                "OTHERPAYER",
                                "RECLAIM",
                                Envelope.Usage.TEST,
                                79,
                                79,
                                79,
                                LocalDateTime.now()));
        post(rejection);

        assertThat(status(denial)).isEqualTo("AWAITING_PAYER");
        assertThat(count(db, "SELECT count(*) FROM rejection_applied")).isZero();
    }

    /**
     * A coding denial whose corrected claim the agent has sent (after a person approved it):
     * waiting for the payer.
     */
    UUID awaitingPayer() {
        org.reclaim.support.Generated.upload(http, 200, 33, 0.4, triage.today().minusDays(10));
        UUID denial = TestData.loneDenial(db, "coding");
        org.reclaim.support.TestCoding.supportEveryCodingDenial(db, props.dataDir(), triage);
        orchestrator.runUntilIdle().block();
        approveReviewOf(denial);
        orchestrator.runUntilIdle().block(); // review done, submitted, now waiting for the payer
        assertThat(status(denial)).isEqualTo("AWAITING_PAYER");
        assertThat(count(db, "SELECT count(*) FROM submission WHERE denial_id = '" + denial + "'"))
                .isEqualTo(1);
        return denial;
    }

    void post(byte[] acknowledgment) {
        http.post()
                .uri("/api/v1/claims")
                .header("Content-Type", "application/edi-x12")
                .bodyValue(acknowledgment)
                .exchange()
                .expectStatus()
                .isCreated();
    }

    void approveReviewOf(UUID denial) {
        var review =
                operators.reviews(org.reclaim.tenancy.PracticeScope.ALL, "OPEN").block().stream()
                        .filter(v -> v.denialId().equals(denial))
                        .findFirst()
                        .orElseThrow();
        operators
                .decide(
                        org.reclaim.tenancy.PracticeScope.ALL,
                        review.id(),
                        true,
                        "Ana Reviewer",
                        null,
                        Map.of())
                .block();
    }

    String status(UUID denial) {
        return db.sql("SELECT status FROM denial WHERE id = :id")
                .bind("id", denial)
                .map(x -> x.get(0, String.class))
                .one()
                .block();
    }
}
