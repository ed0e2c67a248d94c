package org.reclaim.work;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.AgentClock;
import org.reclaim.review.OperatorActions;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Generated;
import org.reclaim.support.TestData;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A partner's refusal is data: the clearinghouse that rejects a corrected claim gives the SUBMIT
 * step a refusal with its reason, which the submission row, the step log, the denial's escalation,
 * its API and its page all carry; it is not retried as a fault is. A transport fault (HTTP 500)
 * still is. A payer's portal that refuses an appeal is the same.
 */
class RefusalsTest extends ApiTest {

    static final String REASON = "Submitter TSTSUB01 is not enrolled for payer TSTMCR01";

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired org.reclaim.core.ReclaimProperties props;
    @Autowired OperatorActions operators;
    @Autowired AgentClock clock;

    @org.junit.jupiter.api.AfterEach
    void noCodingSupportLeft() {
        org.reclaim.support.TestCoding.removeSupport(props.dataDir(), triage);
    }

    WireMockServer clearinghouse;

    @BeforeEach
    void start() {
        clearinghouse = new WireMockServer(wireMockConfig().dynamicPort());
        clearinghouse.start();
        // the other denials' files are taken; each test answers the files of its denial as it needs
        clearinghouse.stubFor(post(urlEqualTo("/files")).willReturn(accepted("F-1")));
        http.put()
                .uri("/api/v1/connectors/clearinghouse")
                .bodyValue(
                        Map.of(
                                "baseUrl",
                                clearinghouse.baseUrl(),
                                "authHeaderName",
                                "Authorization",
                                "authHeaderValue",
                                "Bearer ch-secret-1234"))
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    @AfterEach
    void stop() {
        clearinghouse.stop();
        db.sql("DELETE FROM connector_setting WHERE kind = 'clearinghouse-rest'").then().block();
    }

    @Test
    void aClearinghousesRefusalIsTheStepsOutcomeWithItsReasonAndGoesToAPersonNotRetried() {
        UUID denial = reviewedCodingDenial();
        clearinghouse.stubFor(
                filesFrom(denial)
                        .willReturn(
                                aResponse()
                                        .withStatus(422)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody("{\"reason\": \"" + REASON + "\"}")));
        orchestrator.runUntilIdle().block();

        String sentence = "the clearinghouse refused the corrected claim: " + REASON;
        // the step's outcome: a refusal with the partner's reason, not "failed:
        // IllegalStateException"
        assertThat(
                        db.sql(
                                        "SELECT outcome || '|' || detail FROM step_run WHERE denial_id = :d AND step = 'SUBMIT'")
                                .bind("d", denial)
                                .map(r -> r.get(0, String.class))
                                .all()
                                .collectList()
                                .block())
                .containsExactly("REFUSED|" + sentence);
        // the outbox row records it
        assertThat(
                        db.sql(
                                        "SELECT status || '|' || refusal_reason || '|' || (refused_at IS NOT NULL) || '|' || "
                                                + "(sent_at IS NULL) FROM submission WHERE denial_id = :d")
                                .bind("d", denial)
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .isEqualTo("REFUSED|" + REASON + "|true|true");
        // a person has it, with a reason to act on
        assertThat(status(denial)).isEqualTo("ESCALATED");
        assertThat(
                        db.sql(
                                        "SELECT actor || '|' || reason FROM denial_event WHERE denial_id = :d AND to_status = 'ESCALATED'")
                                .bind("d", denial)
                                .map(r -> r.get(0, String.class))
                                .all()
                                .collectList()
                                .block())
                .containsExactly("agent:SUBMIT|" + sentence);
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM work_item WHERE denial_id = '"
                                        + denial
                                        + "' AND state = 'DONE'"))
                .isEqualTo(1);

        // not tried again: hours later nothing more was sent
        clock.advanceBy(Duration.ofHours(5));
        orchestrator.runUntilIdle().block();
        clearinghouse.verify(1, filesOf(denial));
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM step_run WHERE denial_id = '"
                                        + denial
                                        + "' AND step = 'SUBMIT'"))
                .isEqualTo(1);
        assertThat(status(denial)).isEqualTo("ESCALATED");

        // the denial API and page show it
        Map<String, Object> view =
                http.get()
                        .uri("/api/v1/denials/{id}", denial)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat((List<?>) view.get("refusals")).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> refusal = (Map<String, Object>) ((List<?>) view.get("refusals")).get(0);
        assertThat(refusal)
                .containsEntry("channel", "clearinghouse")
                .containsEntry("kind", "837")
                .containsEntry("reason", REASON)
                .containsEntry("status", "REFUSED")
                .containsKey("refusedAt");
        String page =
                http.get()
                        .uri("/denials/{id}", denial)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(page)
                .contains(
                        "id=\"refusal\"",
                        "Refused by the clearinghouse (837):",
                        REASON,
                        "837 refused by the clearinghouse",
                        "SUBMIT · REFUSED",
                        sentence);
    }

    /**
     * A playbook that names a branch for the partner's rejection (SUBMIT {@code on: {REJECTED:
     * ...}}) takes it: here the shipped coding playbook's write-off proposal, not a person.
     */
    @Test
    void aClearinghousesRefusalTakesThePlaybooksRejectedBranchWhenItNamesOne() throws Exception {
        String shipped =
                java.nio.file.Files.readString(
                        java.nio.file.Path.of("..", "playbooks", "coding.yml"));
        String branched =
                shipped.replace(
                        "  - step: SUBMIT\n    channel: PAYER_DEFAULT\n",
                        "  - step: SUBMIT\n    channel: PAYER_DEFAULT\n    on: {REJECTED: write-off}\n");
        assertThat(branched).isNotEqualTo(shipped);
        TestPlaybooks.add(triage, "coding.yml", branched);
        try {
            UUID denial = reviewedCodingDenial();
            clearinghouse.stubFor(
                    filesFrom(denial)
                            .willReturn(
                                    aResponse()
                                            .withStatus(422)
                                            .withHeader("Content-Type", "application/json")
                                            .withBody("{\"reason\": \"" + REASON + "\"}")));
            orchestrator.runUntilIdle().block();

            String sentence = "the clearinghouse refused the corrected claim: " + REASON;
            assertThat(
                            db.sql(
                                            "SELECT step || '|' || outcome || '|' || detail FROM step_run"
                                                    + " WHERE denial_id = :d AND step IN ('SUBMIT', 'WRITE_OFF')"
                                                    + " ORDER BY started_at, id")
                                    .bind("d", denial)
                                    .map(r -> r.get(0, String.class))
                                    .all()
                                    .collectList()
                                    .block())
                    .first()
                    .isEqualTo("SUBMIT|REFUSED|" + sentence);
            assertThat(status(denial))
                    .as("the playbook's branch: a write-off proposal for an operator")
                    .isEqualTo("AWAITING_REVIEW");
            assertThat(
                            count(
                                    db,
                                    "SELECT count(*) FROM denial_event WHERE denial_id = '"
                                            + denial
                                            + "' AND to_status = 'ESCALATED'"))
                    .as("not sent to a person")
                    .isZero();
            assertThat(
                            db.sql("SELECT status FROM submission WHERE denial_id = :d")
                                    .bind("d", denial)
                                    .map(r -> r.get(0, String.class))
                                    .one()
                                    .block())
                    .isEqualTo("REFUSED");
            clearinghouse.verify(1, filesOf(denial));
        } finally {
            TestPlaybooks.shipped(triage);
        }
    }

    @Test
    void aTransportFaultIsStillRetriedAndTheClaimGoesOnceTheClearinghouseAnswers() {
        UUID denial = reviewedCodingDenial();
        clearinghouse.stubFor(
                filesFrom(denial).willReturn(aResponse().withStatus(500).withBody("down")));
        // a row written before the context was typed: key=value lines. The next steps read it as
        // they did
        String json = context(denial);
        String old = WorkContextTest.oldRow(WorkContext.decode(json).asMap());
        assertThat(old).contains("pending.submit=claim\n");
        db.sql("UPDATE work_item SET context = :c WHERE denial_id = :d")
                .bind("c", old)
                .bind("d", denial)
                .then()
                .block();

        orchestrator.runUntilIdle().block();

        // the connector tried 4 times in place; an outage is waited out, not counted as the
        // step's failure: the step waits an hour, saying why
        clearinghouse.verify(4, filesOf(denial));
        assertThat(
                        db.sql(
                                        "SELECT outcome || '|' || detail FROM step_run WHERE denial_id = :d AND step = 'SUBMIT'")
                                .bind("d", denial)
                                .map(r -> r.get(0, String.class))
                                .all()
                                .collectList()
                                .block())
                .singleElement()
                .asString()
                .startsWith("WAITING|the partner called gave no answer (SERVER_ERROR, 4 attempts)");
        assertThat(
                        db.sql("SELECT status FROM submission WHERE denial_id = :d")
                                .bind("d", denial)
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .as("the call was fenced (SENDING) and got no answer: it stays so for a retry")
                .isEqualTo("SENDING");
        assertThat(status(denial)).isEqualTo("IN_PROGRESS");
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM work_item WHERE denial_id = '"
                                        + denial
                                        + "' AND state = 'READY' AND attempt = 0 AND next_run_at > now()"))
                .isEqualTo(1);
        // the old row was read, and written back as the typed context's JSON
        assertThat(context(denial)).startsWith("{");
        assertThat(WorkContext.decode(context(denial))).isEqualTo(WorkContext.decode(json));

        // an hour on the clearinghouse is back: the retry sends it, with the same key
        clearinghouse.stubFor(filesFrom(denial).willReturn(accepted("F-9")));
        clock.advanceBy(Duration.ofMinutes(61));
        orchestrator.runUntilIdle().block();
        clearinghouse.verify(5, filesOf(denial));
        assertThat(
                        db.sql(
                                        "SELECT status || '|' || receipt || '|' || (refusal_reason IS NULL) FROM submission "
                                                + "WHERE denial_id = :d")
                                .bind("d", denial)
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .isEqualTo("SENT|F-9|true");
        assertThat(status(denial)).isIn("SUBMITTED", "AWAITING_PAYER");
        assertThat(WorkContext.decode(context(denial)).pendingSubmit())
                .isEqualTo(WorkContext.Pending.SENT);
        Map<String, Object> view =
                http.get()
                        .uri("/api/v1/denials/{id}", denial)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat((List<?>) view.get("refusals")).isEmpty();
    }

    @Test
    void anOutageOfSomeHoursIsWaitedOutAndDoesNotSendTheDenialToAPerson() {
        UUID denial = reviewedCodingDenial();
        clearinghouse.stubFor(
                filesFrom(denial).willReturn(aResponse().withStatus(503).withBody("down")));
        orchestrator.runUntilIdle().block();
        // three hours down: before, the step failed three times as a fault (1 h, then 2 h apart)
        // and the denial went to a person
        for (int minutes : new int[] {61, 122}) {
            clock.advanceBy(Duration.ofMinutes(minutes));
            orchestrator.runUntilIdle().block();
            assertThat(status(denial)).as("%d minutes later", minutes).isEqualTo("IN_PROGRESS");
        }
        assertThat(
                        db.sql(
                                        "SELECT outcome || '|' || detail FROM step_run WHERE step = 'SUBMIT'"
                                                + " AND denial_id = :d ORDER BY started_at")
                                .bind("d", denial)
                                .map(r -> r.get(0, String.class))
                                .all()
                                .collectList()
                                .block())
                .hasSize(3)
                // the clearinghouse's breaker opens meanwhile: no request sent, an outage too
                .allMatch(
                        d ->
                                d.matches(
                                        "WAITING\\|(the partner called gave no answer|not sent, held back by our own limits) \\((SERVER_ERROR, 4|CIRCUIT_OPEN, \\d+)"
                                                + " attempts\\); tried again at .+"));
        // still the agent's, with the step's retries unspent; the recovery is that of
        // aTransportFaultIsStillRetriedAndTheClaimGoesOnceTheClearinghouseAnswers
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM work_item WHERE denial_id = '"
                                        + denial
                                        + "' AND state = 'READY' AND attempt = 0"))
                .isEqualTo(1);
    }

    @Test
    void aThrottleNamingItsMomentIsWaitedUntilThenNotTheFixedHourAndSendsTheSameKey() {
        UUID denial = reviewedCodingDenial();
        // two hours: longer than the connector waits in place (60 s), so the step is told to wait
        clearinghouse.stubFor(
                filesFrom(denial)
                        .willReturn(
                                aResponse()
                                        .withStatus(429)
                                        .withHeader("Retry-After", "7200")
                                        .withBody("slow down")));
        java.time.Instant before = clock.instant();
        orchestrator.runUntilIdle().block();
        java.time.Instant after = clock.instant();
        clearinghouse.verify(1, filesOf(denial));
        java.time.Instant due =
                db.sql("SELECT next_run_at FROM work_item WHERE denial_id = :d")
                        .bind("d", denial)
                        .map(r -> r.get(0, java.time.OffsetDateTime.class).toInstant())
                        .one()
                        .block();
        assertThat(due)
                .isBetween(
                        before.plus(Duration.ofHours(2)).minusSeconds(1),
                        after.plus(Duration.ofHours(2)).plusSeconds(1));
        assertThat(
                        db.sql(
                                        "SELECT outcome || '|' || detail FROM step_run WHERE denial_id = :d AND step = 'SUBMIT'")
                                .bind("d", denial)
                                .map(r -> r.get(0, String.class))
                                .all()
                                .collectList()
                                .block())
                .singleElement()
                .asString()
                .startsWith("WAITING|the partner asked to wait (THROTTLED, 1 attempt)");

        // operators see why and until when: the denial's JSON and its page
        Map<String, Object> view =
                http.get()
                        .uri("/api/v1/denials/{id}", denial)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        @SuppressWarnings("unchecked")
        Map<String, Object> waiting = (Map<String, Object>) view.get("waitingFor");
        assertThat(waiting).containsEntry("step", "SUBMIT").containsKey("until");
        assertThat(java.time.OffsetDateTime.parse((String) waiting.get("until")).toInstant())
                .isEqualTo(due);
        assertThat((String) waiting.get("reason"))
                .startsWith("the partner asked to wait (THROTTLED, 1 attempt)")
                .contains("throttled");
        assertThat(view).containsKey("refusals");
        String page =
                http.get()
                        .uri("/denials/{id}", denial)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(page)
                .contains(
                        "id=\"waiting\"",
                        "SUBMIT runs again at",
                        "the partner asked to wait (THROTTLED");

        // the fixed hour is not the moment: nothing is sent before the partner's
        clock.advanceBy(Duration.ofMinutes(61));
        orchestrator.runUntilIdle().block();
        clearinghouse.verify(1, filesOf(denial));

        clearinghouse.stubFor(filesFrom(denial).willReturn(accepted("F-7")));
        clock.advanceBy(Duration.ofMinutes(60));
        orchestrator.runUntilIdle().block();
        clearinghouse.verify(2, filesOf(denial));
        List<String> keys =
                clearinghouse.findAll(filesOf(denial)).stream()
                        .map(r -> r.getHeader("Idempotency-Key"))
                        .distinct()
                        .toList();
        assertThat(keys).hasSize(1);
        assertThat(
                        db.sql(
                                        "SELECT status || '|' || receipt FROM submission WHERE denial_id = :d")
                                .bind("d", denial)
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .isEqualTo("SENT|F-7");
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM work_item WHERE denial_id = '"
                                        + denial
                                        + "' AND attempt = 0"))
                .isEqualTo(1);
    }

    @Test
    void refusedCredentialsGoToAPersonOnceWithTheReasonNotEveryLeasePeriod() {
        UUID denial = reviewedCodingDenial();
        clearinghouse.stubFor(
                filesFrom(denial).willReturn(aResponse().withStatus(401).withBody("who are you")));
        orchestrator.runUntilIdle().block();

        clearinghouse.verify(1, filesOf(denial));
        assertThat(status(denial)).isEqualTo("ESCALATED");
        List<String> escalations =
                db.sql(
                                "SELECT actor || '|' || reason FROM denial_event WHERE denial_id = :d AND to_status = 'ESCALATED'")
                        .bind("d", denial)
                        .map(r -> r.get(0, String.class))
                        .all()
                        .collectList()
                        .block();
        assertThat(escalations)
                .singleElement()
                .asString()
                .startsWith("agent:SUBMIT|")
                .contains("credentials refused")
                .contains("a person must fix the connector");
        assertThat(
                        db.sql(
                                        "SELECT outcome FROM step_run WHERE denial_id = :d AND step = 'SUBMIT'")
                                .bind("d", denial)
                                .map(r -> r.get(0, String.class))
                                .all()
                                .collectList()
                                .block())
                .containsExactly("REFUSED");

        // hours and many lease periods later nothing more was sent, by the step or the relay
        for (int i = 0; i < 4; i++) {
            clock.advanceBy(Duration.ofMinutes(90));
            orchestrator.runUntilIdle().block();
        }
        clearinghouse.verify(1, filesOf(denial));
        assertThat(
                        db.sql("SELECT status FROM submission WHERE denial_id = :d")
                                .bind("d", denial)
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .isEqualTo("REFUSED");
    }

    @Test
    void aPayerPortalsRefusalOfAnAppealIsDataToo() throws Exception {
        String reason = "Filed past the 60 day appeal window";
        WireMockServer portal = new WireMockServer(wireMockConfig().dynamicPort());
        portal.start();
        try {
            portal.stubFor(
                    post(urlEqualTo("/appeals"))
                            .willReturn(
                                    aResponse()
                                            .withStatus(200)
                                            .withHeader("Content-Type", "application/json")
                                            .withBody(
                                                    "{\"status\": \"refused\", \"reason\": \""
                                                            + reason
                                                            + "\"}")));
            TestPlaybooks.add(
                    triage,
                    "medical-necessity.yml",
                    """
                    id: medical-necessity
                    name: test
                    handles: {categories: [MEDICAL_NECESSITY]}
                    steps:
                      - step: DRAFT_APPEAL
                      - step: SUBMIT
                    """);
            TestPlaybooks.add(
                    triage,
                    "medical-necessity-medicare.yml",
                    "id: medical-necessity-medicare\nname: off\n"
                            + "enabled: false\nhandles: {categories: [OTHER]}\nsteps:\n  - step: ESCALATE\n");
            http.put()
                    .uri("/api/v1/connectors/payer-portals/TSTCOMA1")
                    .bodyValue(
                            Map.of(
                                    "baseUrl",
                                    portal.baseUrl(),
                                    "authHeaderName",
                                    "X-Api-Key",
                                    "authHeaderValue",
                                    "portal-secret-9876"))
                    .exchange()
                    .expectStatus()
                    .isNoContent();
            Generated.upload(http, 400, 44, 0.5, triage.today().minusDays(10));
            // an appeal goes only with an enclosure that answers the denial
            org.reclaim.support.TestRecords.noteForEveryDenial(props, db, "MEDICAL_NECESSITY");
            orchestrator.runUntilIdle().block();

            String where =
                    " FROM denial d WHERE d.category = 'MEDICAL_NECESSITY' AND d.payer_id = 'TSTCOMA1'";
            long appeals = count(db, "SELECT count(*)" + where);
            assertThat(appeals).isPositive();
            portal.verify((int) appeals, postRequestedFor(urlEqualTo("/appeals")));
            assertThat(
                            count(
                                    db,
                                    "SELECT count(*)"
                                            + where
                                            + " AND d.status = 'ESCALATED' AND EXISTS (SELECT 1 FROM "
                                            + "denial_event e WHERE e.denial_id = d.id AND e.to_status = 'ESCALATED' AND e.reason = "
                                            + "'the payer''s portal refused the appeal: "
                                            + reason
                                            + "')"))
                    .isEqualTo(appeals);
            assertThat(
                            count(
                                    db,
                                    "SELECT count(*)"
                                            + where
                                            + " AND EXISTS (SELECT 1 FROM submission s WHERE "
                                            + "s.denial_id = d.id AND s.channel = 'portal' AND s.kind = 'appeal' AND s.status = 'REFUSED' "
                                            + "AND s.refusal_reason = '"
                                            + reason
                                            + "')"))
                    .isEqualTo(appeals);
            assertThat(
                            count(
                                    db,
                                    "SELECT count(*) FROM step_run r JOIN denial d ON d.id = r.denial_id WHERE "
                                            + "d.category = 'MEDICAL_NECESSITY' AND d.payer_id = 'TSTCOMA1' AND r.step = 'SUBMIT' "
                                            + "AND r.outcome <> 'REFUSED'"))
                    .isZero();
        } finally {
            portal.stop();
            TestPlaybooks.shipped(triage);
            org.reclaim.support.TestRecords.clear(props);
        }
    }

    /** A coding denial whose corrected claim an operator approved: its SUBMIT step is next. */
    UUID reviewedCodingDenial() {
        Generated.upload(http, 200, 55, 0.4, triage.today().minusDays(10));
        UUID denial = TestData.loneDenial(db, "coding");
        org.reclaim.support.TestCoding.supportEveryCodingDenial(db, props.dataDir(), triage);
        orchestrator.runUntilIdle().block();
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
        assertThat(WorkContext.decode(context(denial)).get("pending.submit")).isEqualTo("claim");
        return denial;
    }

    static com.github.tomakehurst.wiremock.client.MappingBuilder filesFrom(UUID denial) {
        return post(urlEqualTo("/files")).withHeader("Idempotency-Key", matching(denial + ":.*"));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder accepted(String id) {
        return aResponse()
                .withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"" + id + "\", \"status\": \"accepted\"}");
    }

    static RequestPatternBuilder filesOf(UUID denial) {
        return postRequestedFor(urlEqualTo("/files"))
                .withHeader("Idempotency-Key", matching(denial + ":.*"));
    }

    String context(UUID denial) {
        return db.sql("SELECT context FROM work_item WHERE denial_id = :d")
                .bind("d", denial)
                .map(r -> r.get(0, String.class))
                .one()
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
