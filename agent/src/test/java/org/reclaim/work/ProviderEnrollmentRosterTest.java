package org.reclaim.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.common.Json;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.review.OperatorActions;
import org.reclaim.support.ApiTest;
import org.reclaim.support.TestData;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.tenancy.PracticeScope;
import org.reclaim.triage.TriageService;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.synth.DenialReason;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A provider enrollment denial (CO-170, shipped playbook provider-enrollment) is worked from the
 * practice's provider roster ({@code records/<slug>/enrollments.csv}): the rendering provider
 * ENROLLED with the denial's payer effective on or before the date of service, with the payer's
 * confirmation reference, is an appeal enclosing the confirmation (a page named {@code
 * enrollment-confirmation-<reference>.pdf}); a roster that shows the provider only PENDING with
 * that payer, enrolled with another payer, or enrolled from after the date is a person's work, told
 * what the roster shows, and nothing is sent.
 */
class ProviderEnrollmentRosterTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired OperatorActions operators;
    @Autowired ReclaimProperties props;

    UUID denial;
    String npi;
    String payer;
    LocalDate service;

    @BeforeEach
    void anEnrollmentDenial() throws IOException {
        TestPlaybooks.shipped(triage);
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults()
                        .withClaims(12)
                        .withClaimsPerTransaction(3)
                        .withSeed(1701)
                        .withDenialRate(1.0)
                        .withDenialReasons(List.of(DenialReason.line("CO", "170", 1, "N95")))
                        .withBaseDate(triage.today().minusDays(20)),
                c,
                r);
        post(c.toByteArray());
        post(r.toByteArray());
        denial = TestData.loneDenial(db, "provider-enrollment");
        assertThat(denial).as("a CO-170 alone on its claim").isNotNull();
        Map<String, Object> d =
                db.sql(
                                "SELECT patient_control_number, payer_id, line, service_date FROM denial WHERE id = :d")
                        .bind("d", denial)
                        .fetch()
                        .one()
                        .block();
        payer = (String) d.get("payer_id");
        service = (LocalDate) d.get("service_date");
        ClaimDocument claim =
                ClaimOnFile.find(c.toByteArray(), (String) d.get("patient_control_number"));
        Integer line = (Integer) d.get("line");
        ClaimDocument.Party rendering =
                line != null && claim.lines().get(line - 1).renderingProvider() != null
                        ? claim.lines().get(line - 1).renderingProvider()
                        : claim.claim().renderingProvider() != null
                                ? claim.claim().renderingProvider()
                                : claim.billingProvider().party();
        npi = rendering.name().id();
        assertThat(service).isNotNull();
    }

    @AfterEach
    void noRoster() throws IOException {
        Files.deleteIfExists(roster());
    }

    Path roster() {
        return props.dataDir().resolve("records").resolve("default").resolve("enrollments.csv");
    }

    void roster(String rows) throws IOException {
        Files.createDirectories(roster().getParent());
        Files.writeString(
                roster(),
                "renderingNpi,payerId,status,effectiveFrom,effectiveTo,confirmation\n" + rows);
    }

    @Test
    void enrolledWithThePayerOnTheDateOfServiceIsAnAppealEnclosingTheConfirmation()
            throws IOException {
        roster(
                npi
                        + ",OTHERPAYER,ENROLLED,"
                        + service.minusYears(2)
                        + ",,ENR-OTHER1\n"
                        + npi
                        + ","
                        + payer
                        + ",TERMINATED,"
                        + service.minusYears(3)
                        + ","
                        + service.minusYears(2)
                        + ",ENR-OLD9\n"
                        + npi
                        + ","
                        + payer
                        + ",ENROLLED,"
                        + service.minusDays(40)
                        + ",,ENR-4471\n");

        run();
        approveOpenReviews();

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
        try (var files = Files.list(packets)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Map<String, Object> m = Json.parseObject(Files.readString(p));
                if (denial.toString().equals(m.get("denialId"))) manifest = m;
            }
        }
        assertThat(manifest).isNotNull();
        assertThat(String.valueOf(manifest.get("attachments")))
                .contains("enrollment-confirmation-ENR-4471.pdf");
        assertThat(detail("DRAFT_APPEAL"))
                .contains("provider roster", "ENR-4471", "covering the date of service " + service)
                .doesNotContain("ENR-OTHER1", "ENR-OLD9");
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM submission WHERE kind <> 'appeal' AND denial_id = '"
                                        + denial
                                        + "'"))
                .isZero();
    }

    @Test
    void pendingWithThePayerEnrolledWithAnotherOrFromAfterTheDateGoesToAPersonWithNothingSent()
            throws IOException {
        roster(
                npi
                        + ",OTHERPAYER,ENROLLED,"
                        + service.minusYears(2)
                        + ",,ENR-OTHER1\n"
                        + npi
                        + ","
                        + payer
                        + ",PENDING,"
                        + service.minusDays(60)
                        + ",,\n"
                        + npi
                        + ","
                        + payer
                        + ",ENROLLED,"
                        + service.plusDays(1)
                        + ",,ENR-LATE2\n");

        run();

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
        assertThat(status()).as(log()).isEqualTo("ESCALATED");
        String reason =
                db.sql(
                                "SELECT detail FROM step_run WHERE denial_id = :d AND step = 'ESCALATE' ORDER BY started_at DESC LIMIT 1")
                        .bind("d", denial)
                        .map(x -> x.get(0, String.class))
                        .one()
                        .block();
        assertThat(log())
                .contains(
                        "enroll or certify the rendering provider, NPI " + npi,
                        "PENDING from " + service.minusDays(60),
                        "ENROLLED from " + service.plusDays(1),
                        "none enrolled with a confirmation on the date of service " + service);
        assertThat(reason).isNotNull();
    }

    @Test
    void noRosterAtAllGoesToAPersonAsBefore() {
        run();

        assertThat(count(db, "SELECT count(*) FROM submission WHERE denial_id = '" + denial + "'"))
                .as(log())
                .isZero();
        assertThat(status()).as(log()).isEqualTo("ESCALATED");
        assertThat(log()).contains("has no enrollment of NPI " + npi + " with payer " + payer);
    }

    /** The agent's work until it is idle, at most two minutes (a step that never ends fails). */
    void run() {
        try {
            orchestrator.runUntilIdle().block(java.time.Duration.ofMinutes(2));
        } catch (RuntimeException e) {
            throw new AssertionError("the agent did not go idle: " + log(), e);
        }
    }

    void approveOpenReviews() {
        for (var review : operators.reviews(PracticeScope.ALL, "OPEN").block()) {
            if (!review.denialId().equals(denial)) continue;
            operators
                    .decide(PracticeScope.ALL, review.id(), true, "Ana Reviewer", null, Map.of())
                    .block();
            run();
        }
    }

    /** The denial's step log and its status history, for assertions and failure messages. */
    String log() {
        return String.join(
                        "\n",
                        db.sql(
                                        "SELECT step || ' ' || outcome || ' ' || detail FROM step_run WHERE denial_id = :d ORDER BY started_at")
                                .bind("d", denial)
                                .map(x -> x.get(0, String.class))
                                .all()
                                .collectList()
                                .block())
                + "\n"
                + String.join(
                        "\n",
                        db.sql(
                                        "SELECT coalesce(reason, '') FROM denial_event WHERE denial_id = :d ORDER BY at")
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
