package org.reclaim.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.common.Json;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.review.OperatorActions;
import org.reclaim.support.ApiTest;
import org.reclaim.support.TestData;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.support.TestRecords;
import org.reclaim.tenancy.PracticeScope;
import org.reclaim.triage.TriageService;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.synth.DenialReason;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.reclaim.x12.write.AcknowledgmentWriter;
import org.reclaim.x12.write.Envelope;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Proof of timely filing from the acknowledgments the service holds: a CO-29 denial (shipped
 * playbook timely-filing) is appealed only with the payer's 277CA acceptance of the original claim
 * within the payer's filing limit, enclosed as a page of its own and listed in the packet's
 * attachments; a 999 alone, a note in the records folder, or an acceptance after the limit is not
 * proof, and the denial is proposed for write-off with the reason. Nothing is sent without proof.
 */
class TimelyFilingProofTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired OperatorActions operators;
    @Autowired ReclaimProperties props;
    @Autowired org.reclaim.core.AgentClock clock;

    byte[] claims;
    byte[] remits;
    UUID denial;
    String pcn;
    LocalDate service;
    int limit;
    ClaimDocument claim;

    @BeforeEach
    void aTimelyFilingDenial() throws IOException {
        TestPlaybooks.shipped(triage);
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults()
                        .withClaims(30)
                        .withClaimsPerTransaction(3)
                        .withSeed(2929)
                        .withDenialRate(1.0)
                        .withDenialReasons(List.of(DenialReason.claim("CO", "29", 1)))
                        .withBaseDate(triage.today().minusDays(20)),
                c,
                r);
        claims = c.toByteArray();
        remits = r.toByteArray();
        post(claims);
        post(remits);
        denial = TestData.loneDenial(db, "timely-filing");
        assertThat(denial).as("a CO-29 of a payer that takes appeals of them").isNotNull();
        pcn =
                db.sql("SELECT patient_control_number FROM denial WHERE id = :d")
                        .bind("d", denial)
                        .map(x -> x.get(0, String.class))
                        .one()
                        .block();
        service =
                db.sql(
                                "SELECT min(service_from) FROM submitted_claim WHERE patient_control_number = :p")
                        .bind("p", pcn)
                        .map(x -> x.get(0, LocalDate.class))
                        .one()
                        .block();
        claim = ClaimOnFile.find(claims, pcn);
        String payer =
                db.sql("SELECT payer_id FROM denial WHERE id = :d")
                        .bind("d", denial)
                        .map(x -> x.get(0, String.class))
                        .one()
                        .block();
        limit = triage.current().payer(null, List.of(payer)).timelyFilingDays();
        TestRecords.clear(props);
    }

    @AfterEach
    void noRecords() throws IOException {
        TestRecords.clear(props);
    }

    @Test
    void anAcceptingTwoSevenSevenCAWithinTheLimitIsEnclosedAsItsOwnPageAndTheAppealIsSent()
            throws IOException {
        LocalDate accepted = service.plusDays(5);
        post(set999(accepted.minusDays(1)));
        post(ack277(accepted, true, "PCN7790001"));

        orchestrator.runUntilIdle().block();
        approveOpenReviews();

        // one appeal packet left in the outbox, its attachments naming the proof
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM submission WHERE kind = 'appeal' AND status = 'SENT' AND denial_id = '"
                                        + denial
                                        + "'"))
                .as(log())
                .isEqualTo(1);
        Path packets = props.dataDir().resolve("outbox").resolve("default").resolve("packets");
        Map<String, Object> manifest = null;
        Path pdf = null;
        try (var files = Files.list(packets)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Map<String, Object> m = Json.parseObject(Files.readString(p));
                if (denial.toString().equals(m.get("denialId"))) {
                    manifest = m;
                    pdf = Path.of(p.toString().replace(".json", ".pdf"));
                }
            }
        }
        assertThat(manifest).isNotNull();
        String name = "277CA-acceptance-" + accepted + "-PCN7790001.pdf";
        assertThat(manifest.get("attachments")).isEqualTo(List.of(name));
        // the proof is a page of its own, with the dates and control numbers
        try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(pdf))) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(1);
            PDFTextStripper text = new PDFTextStripper();
            text.setStartPage(doc.getNumberOfPages());
            String last = text.getText(doc);
            assertThat(last)
                    .contains(
                            "Proof of timely filing",
                            name,
                            accepted.toString(),
                            "PCN7790001",
                            "ST02 0277",
                            "AK202 ",
                            service.toString(),
                            limit + " days from the date of service")
                    .doesNotContain("Evidence index");
        }
        // the step log names the evidence
        assertThat(detail("DRAFT_APPEAL"))
                .contains(name, "277CA acknowledgment", "999 acknowledgment", "ST02 0277");
        assertThat(status()).isIn("SUBMITTED", "AWAITING_PAYER");
    }

    @Test
    void aMedicareClaimItsContractorAcceptedInTimeGoesWithTheProofNotToWriteOff() {
        // Medicare takes no appeal of a late claim, but one its contractor accepted within the
        // limit was not late: the 277CA is the evidence for the contractor-error exception
        // (Pub. 100-04, Chapter 1, §70.7.1), so the request goes, with the proof
        denial = TestData.loneDenial(db, "timely-filing-medicare");
        assertThat(denial)
                .as(
                        "a Medicare CO-29 in the batch: "
                                + db.sql(
                                                "SELECT string_agg(DISTINCT playbook || '/' || payer_id, ', ') FROM denial")
                                        .map(x -> x.get(0, String.class))
                                        .one()
                                        .block())
                .isNotNull();
        pcn =
                db.sql("SELECT patient_control_number FROM denial WHERE id = :d")
                        .bind("d", denial)
                        .map(x -> x.get(0, String.class))
                        .one()
                        .block();
        claim = ClaimOnFile.find(claims, pcn);
        LocalDate first = claim.lines().get(0).serviceFrom();
        post(set999(first.plusDays(3)));
        post(ack277(first.plusDays(4), true, "MCR7790002"));

        orchestrator.runUntilIdle().block(); // the claim status inquiry goes first
        clock.advanceBy(java.time.Duration.ofDays(10)); // no 277 comes: the step moves on
        orchestrator.runUntilIdle().block();
        approveOpenReviews();

        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM submission WHERE kind = 'appeal' AND status = 'SENT' AND denial_id = '"
                                        + denial
                                        + "'"))
                .as(log())
                .isEqualTo(1);
        assertThat(detail("DRAFT_APPEAL")).contains("277CA-acceptance-", "MCR7790002");
        assertThat(status()).isIn("SUBMITTED", "AWAITING_PAYER");
    }

    @Test
    void theOperatorReviewingTheAppealIsShownTheEvidenceItRestsOn() throws IOException {
        TestPlaybooks.add(
                triage,
                "timely-filing.yml",
                """
                id: timely-filing
                name: test
                handles: {categories: [TIMELY_FILING]}
                steps:
                  - step: DRAFT_APPEAL
                  - step: REVIEW
                    review: ALWAYS
                  - step: SUBMIT
                """);
        try {
            post(ack277(service.plusDays(3), true, "PCN7790003"));
            orchestrator.runUntilIdle().block();
            String review =
                    db.sql("SELECT reason FROM review WHERE status = 'OPEN' AND denial_id = :d")
                            .bind("d", denial)
                            .map(x -> x.get(0, String.class))
                            .one()
                            .block();
            assertThat(review)
                    .contains(
                            "the appeal encloses 277CA-acceptance-"
                                    + service.plusDays(3)
                                    + "-PCN7790003.pdf",
                            "277CA acknowledgment ",
                            "no 999 on file");
        } finally {
            TestPlaybooks.shipped(triage);
        }
    }

    @Test
    void aNineNineNineAloneIsNotProofAndTheDenialIsProposedForWriteOff() throws IOException {
        post(set999(service.plusDays(2)));
        // a note in the records folder is not the payer's acceptance either
        TestRecords.note(props, pcn, "timely-filing-note.txt", "We sent it on time.");

        orchestrator.runUntilIdle().block();

        assertNothingSentAndWriteOffProposed("only a 999 is on file");
    }

    @Test
    void aTwoSevenSevenCAAfterTheFilingLimitIsNotProof() throws IOException {
        post(set999(service.plusDays(limit + 1)));
        post(ack277(service.plusDays(limit + 1), true, "PCN7790002"));

        orchestrator.runUntilIdle().block();

        assertNothingSentAndWriteOffProposed("after the filing limit");
    }

    void assertNothingSentAndWriteOffProposed(String reason) {
        assertThat(count(db, "SELECT count(*) FROM submission WHERE denial_id = '" + denial + "'"))
                .as(log())
                .isZero();
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM artifact WHERE kind = 'appeal-packet' AND denial_id = '"
                                        + denial
                                        + "'"))
                .isZero();
        assertThat(status()).as(log()).isEqualTo("AWAITING_REVIEW");
        String review =
                db.sql("SELECT reason FROM review WHERE status = 'OPEN' AND denial_id = :d")
                        .bind("d", denial)
                        .map(x -> x.get(0, String.class))
                        .one()
                        .block();
        assertThat(review).contains("proposed write-off", "no proof of timely filing", reason);
        assertThat(detail("DRAFT_APPEAL")).contains("no appeal drafted", reason);
        assertThat(detail("WRITE_OFF")).contains("write-off proposed");
    }

    void approveOpenReviews() {
        for (var review : operators.reviews(PracticeScope.ALL, "OPEN").block()) {
            if (!review.denialId().equals(denial)) continue;
            operators
                    .decide(PracticeScope.ALL, review.id(), true, "Ana Reviewer", null, Map.of())
                    .block();
            orchestrator.runUntilIdle().block();
        }
    }

    /** The denial's step log, for a failing assertion's message. */
    String log() {
        return String.join(
                "\n",
                db.sql(
                                "SELECT step || ' ' || outcome || ' ' || detail FROM step_run WHERE denial_id = :d ORDER BY started_at")
                        .bind("d", denial)
                        .map(x -> x.get(0, String.class))
                        .all()
                        .collectList()
                        .block());
    }

    String status() {
        return db.sql("SELECT status FROM denial WHERE id = :d")
                .bind("d", denial)
                .map(x -> x.get(0, String.class))
                .one()
                .block();
    }

    String detail(String step) {
        return String.join(
                "\n",
                db.sql(
                                "SELECT detail FROM step_run WHERE denial_id = :d AND step = :s ORDER BY started_at")
                        .bind("d", denial)
                        .bind("s", step)
                        .map(x -> x.get(0, String.class))
                        .all()
                        .collectList()
                        .block());
    }

    /** The payer's 277CA for the claim, dated {@code on}, ST02 0277. */
    byte[] ack277(LocalDate on, boolean accepted, String payerClaimNumber) {
        var verdict =
                accepted
                        ? AcknowledgmentWriter.ClaimVerdict.accepted(claim, payerClaimNumber)
                        : AcknowledgmentWriter.ClaimVerdict.rejected(claim, "A7", "21", "IL");
        return AcknowledgmentWriter.write277CA(
                new AcknowledgmentWriter.ClaimAcknowledgment(
                        claim.payer().name(),
                        claim.receiver(),
                        claim.billingProvider().party().name(),
                        "0",
                        on,
                        List.of(verdict)),
                envelope(277, on));
    }

    /** The clearinghouse's 999 accepting the transaction set that carried the claim. */
    byte[] set999(LocalDate on) {
        Map<String, Object> set =
                db.sql(
                                """
                        SELECT cs.control_number, cs.group_control_number FROM submitted_claim sc
                        JOIN claim_submission cs ON cs.id = sc.submission_id WHERE sc.patient_control_number = :p""")
                        .bind("p", pcn)
                        .fetch()
                        .one()
                        .block();
        return AcknowledgmentWriter.write999(
                new AcknowledgmentWriter.ReceivedGroup(
                        "HC",
                        Long.parseLong((String) set.get("group_control_number")),
                        "005010X222A1",
                        List.of(
                                new AcknowledgmentWriter.SetAnswer(
                                        "837", (String) set.get("control_number"), List.of()))),
                envelope(999, on));
    }

    static Envelope envelope(long control, LocalDate on) {
        return new Envelope(
                "ZZ",
                "TESTPAYER",
                "ZZ",
                "RECLAIM",
                "TESTPAYER",
                "RECLAIM",
                Envelope.Usage.TEST,
                control,
                control,
                control,
                LocalDateTime.of(on, java.time.LocalTime.NOON));
    }

    void post(byte[] body) {
        http.post()
                .uri("/api/v1/claims")
                .header("Content-Type", "application/edi-x12")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated();
    }
}
