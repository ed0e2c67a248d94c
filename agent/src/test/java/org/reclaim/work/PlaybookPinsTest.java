package org.reclaim.work;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.AgentClock;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Generated;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A work item runs the playbook version it started with (issue 14, item 3): a reload that inserts a
 * step does not move an item already under way onto other steps (nor send its appeal again), and
 * new work items take the new version.
 */
class PlaybookPinsTest extends ApiTest {

    static final String PAYER = "TSTCOMA1";

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired AgentClock clock;
    @Autowired ReclaimProperties props;
    @Autowired PlaybookVersions versions;

    WireMockServer portal;

    @AfterEach
    void shipped() throws Exception {
        if (portal != null) portal.stop();
        TestPlaybooks.shipped(triage);
        org.reclaim.support.TestRecords.clear(props);
    }

    static final String APPEAL_V1 =
            """
              - step: DRAFT_APPEAL
              - step: SUBMIT
              - step: AWAIT_RESPONSE
                wait: P30D
              - step: ESCALATE
            """;

    /** Version 2: a step inserted before the appeal's SUBMIT (every later step moves down one). */
    static final String APPEAL_V2 =
            """
              - step: REVIEW
                review: NEVER
              - step: DRAFT_APPEAL
              - step: SUBMIT
              - step: AWAIT_RESPONSE
                wait: P30D
              - step: ESCALATE
            """;

    void appealsForThePayer(String steps) throws Exception {
        TestPlaybooks.forEveryCategory(triage, "  - step: REVIEW\n    review: ALWAYS\n");
        TestPlaybooks.add(
                triage,
                "medical-necessity-portal.yml",
                "id: medical-necessity-portal\nname: test\nhandles: {categories: [MEDICAL_NECESSITY],"
                        + " payers: ["
                        + PAYER
                        + "]}\nsteps:\n"
                        + steps);
    }

    @Test
    void aReloadThatInsertsAStepBeforeASentAppealDoesNotSendItAgain() throws Exception {
        portal = new WireMockServer(wireMockConfig().dynamicPort());
        portal.start();
        http.put()
                .uri("/api/v1/connectors/payer-portals/" + PAYER)
                .bodyValue(
                        Map.of(
                                "baseUrl",
                                portal.baseUrl(),
                                "authHeaderName",
                                "X-Api-Key",
                                "authHeaderValue",
                                "portal-secret-5555"))
                .exchange()
                .expectStatus()
                .isNoContent();
        portal.stubFor(
                post(urlEqualTo("/appeals"))
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withHeader("Content-Type", "application/json")
                                        .withTransformers("response-template")
                                        .withBody(
                                                "{\"caseId\": \"CASE-{{jsonPath request.body '$.patientControlNumber'}}\"}")));
        portal.stubFor(
                get(urlPathMatching("/appeals/.+"))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody("{\"status\": \"in review\"}")));
        appealsForThePayer(APPEAL_V1);
        Generated.upload(http, 120, 55, 0.5, triage.today().minusDays(10));
        org.reclaim.support.TestRecords.noteForEveryDenial(props, db);

        orchestrator.runUntilIdle().block();
        int sent =
                portal.countRequestsMatching(postRequestedFor(urlEqualTo("/appeals")).build())
                        .getCount();
        assertThat(sent).as("appeals filed on the portal").isPositive();
        long submissions = appealSubmissions();
        assertThat(submissions).isEqualTo(sent);

        appealsForThePayer(APPEAL_V2);
        // the portal is asked about the cases weekly; the 30-day wait runs out too
        for (int day = 0; day < 5; day++) {
            clock.advanceBy(Duration.ofDays(8));
            orchestrator.runUntilIdle().block();
        }

        assertThat(
                        portal.countRequestsMatching(
                                        postRequestedFor(urlEqualTo("/appeals")).build())
                                .getCount())
                .as("no appeal already sent is sent again after the reload")
                .isEqualTo(sent);
        assertThat(appealSubmissions()).isEqualTo(submissions);
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM step_run s JOIN denial d ON d.id = s.denial_id"
                                        + " WHERE d.playbook = 'medical-necessity-portal' AND s.step = 'REVIEW'"))
                .as("the items under way keep version 1, which has no REVIEW")
                .isZero();
    }

    private long appealSubmissions() {
        return count(
                db,
                "SELECT count(*) FROM submission s JOIN denial d ON d.id = s.denial_id"
                        + " WHERE s.kind = 'appeal' AND d.playbook = 'medical-necessity-portal'");
    }

    static final String WAIT_THEN_ESCALATE =
            """
              - step: AWAIT_RESPONSE
                wait: P10D
              - id: person
                step: ESCALATE
            """;

    /** Version 2: the wait, then a write-off for an operator instead of a person. */
    static final String WAIT_THEN_WRITE_OFF =
            """
              - id: first
                step: REVIEW
                review: NEVER
              - step: AWAIT_RESPONSE
                wait: P10D
              - step: WRITE_OFF
                review: ALWAYS
            """;

    @Test
    void anItemStartedOnVersionOneFinishesOnItsStepsAfterAReloadAndARestart() throws Exception {
        TestPlaybooks.forEveryCategory(triage, WAIT_THEN_ESCALATE);
        Generated.upload(http, 30, 61, 0.5, triage.today().minusDays(10));
        orchestrator.runUntilIdle().block();
        List<UUID> first = denialsWorked();
        assertThat(first).isNotEmpty();

        TestPlaybooks.forEveryCategory(triage, WAIT_THEN_WRITE_OFF);
        Generated.upload(http, 30, 62, 0.5, triage.today().minusDays(10));
        orchestrator.runUntilIdle().block();
        List<UUID> second = denialsWorked();
        second.removeAll(first);
        assertThat(second).isNotEmpty();
        // a restart: nothing parsed is remembered, and the files hold version 2 only, so version 1
        // comes from the text stored with it
        versions.forget();
        clock.advanceBy(Duration.ofDays(11));
        orchestrator.runUntilIdle().block();

        for (UUID d : first) {
            assertThat(steps(d))
                    .as("started on version 1")
                    .containsExactlyInAnyOrder("AWAIT_RESPONSE", "ESCALATE");
        }
        for (UUID d : second) {
            assertThat(steps(d))
                    .as("started on version 2")
                    .containsExactlyInAnyOrder("REVIEW", "AWAIT_RESPONSE", "WRITE_OFF");
        }
        // each item names its version, whose text is kept
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM work_item w"
                                        + " JOIN playbook_version v ON v.version = w.playbook_version"
                                        + " WHERE v.source LIKE '%id: person%'"))
                .isEqualTo(first.size());
    }

    /** The denials with a work item. */
    private List<UUID> denialsWorked() {
        return db.sql("SELECT denial_id FROM work_item ORDER BY denial_id")
                .map(r -> r.get(0, UUID.class))
                .all()
                .collectList()
                .map(java.util.ArrayList::new)
                .block();
    }

    /** The kinds of the steps run for the denial (each once). */
    private List<String> steps(UUID denial) {
        return db.sql("SELECT DISTINCT step FROM step_run WHERE denial_id = :d")
                .bind("d", denial)
                .map(r -> r.get(0, String.class))
                .all()
                .collectList()
                .block();
    }
}
