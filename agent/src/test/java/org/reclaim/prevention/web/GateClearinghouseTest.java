package org.reclaim.prevention.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.prevention.Claims837.claim;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.prevention.Claims837;
import org.reclaim.support.ApiTest;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * The gate against a REST clearinghouse (WireMock), which counts every call: a held claim released
 * twice at once is sent once; a refusal holds the claim again with the clearinghouse's reason.
 */
class GateClearinghouseTest extends ApiTest {

    @Autowired TriageService triage;
    @Autowired org.reclaim.core.AgentClock clock;
    @Autowired org.reclaim.work.Orchestrator orchestrator;

    WireMockServer clearinghouse;

    @BeforeEach
    void start() {
        clearinghouse = new WireMockServer(wireMockConfig().dynamicPort());
        clearinghouse.start();
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

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder taken(
            String id) {
        return aResponse()
                .withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"" + id + "\", \"status\": \"accepted\"}");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> submitOne(Claims837.Claim c) {
        Map<String, Object> body =
                http.post()
                        .uri("/api/v1/claims/submit")
                        .contentType(MediaType.parseMediaType("application/edi-x12"))
                        .bodyValue(Claims837.file(c).getBytes(StandardCharsets.ISO_8859_1))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        return ((List<Map<String, Object>>) body.get("claims")).get(0);
    }

    private Map<String, Object> call(String uri, Object body) {
        return asAdmin()
                .post()
                .uri(uri)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    private int calls(String key) {
        return clearinghouse
                .findAll(
                        postRequestedFor(urlEqualTo("/files"))
                                .withHeader("Idempotency-Key", equalTo(key)))
                .size();
    }

    @Test
    void aHeldClaimReleasedTwiceAtOnceIsSentOnce() throws Exception {
        // slow answers: both releases are in flight together
        clearinghouse.stubFor(
                post(urlEqualTo("/files")).willReturn(taken("F-1").withFixedDelay(400)));
        Map<String, Object> held =
                submitOne(claim("GATE-TWICE").line("99213", "", 1, triage.today().minusDays(200)));
        assertThat(held.get("outcome")).isEqualTo("held");
        String id = (String) held.get("id");
        assertThat(calls("gate:" + id)).isZero();
        call(
                "/api/v1/claims/held/" + id + "/fix",
                Map.of(
                        "edits",
                        Map.of("line[1].serviceDate", triage.today().minusDays(2).toString())));

        List<CompletableFuture<Map<String, Object>>> releases =
                List.of(
                        CompletableFuture.supplyAsync(
                                () ->
                                        call(
                                                "/api/v1/claims/held/" + id + "/release",
                                                Map.of("reason", "date fixed"))),
                        CompletableFuture.supplyAsync(
                                () ->
                                        call(
                                                "/api/v1/claims/held/" + id + "/release",
                                                Map.of("reason", "date fixed"))));
        for (var r : releases) assertThat(r.get().get("status")).isIn("RELEASED", "SENT");
        call("/api/v1/claims/held/" + id + "/release", Map.of("reason", "again"));
        assertThat(calls("gate:" + id)).isEqualTo(1);
        Map<String, Object> now =
                http.get()
                        .uri("/api/v1/claims/held/" + id)
                        .exchange()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat(now.get("status")).isEqualTo("SENT");
        assertThat(now.get("receipt")).isEqualTo("F-1");
    }

    @Test
    void aRefusedClaimIsHeldAgainWithTheReasonAndSentOnRelease() {
        clearinghouse.stubFor(
                post(urlEqualTo("/files"))
                        .willReturn(
                                aResponse()
                                        .withStatus(422)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody("{\"reason\": \"unknown submitter id\"}")));
        Map<String, Object> c =
                submitOne(claim("GATE-REFUSED").line("99213", "", 1, triage.today().minusDays(3)));
        assertThat(c.get("verdict")).isEqualTo("CLEAN");
        assertThat(c.get("outcome")).isEqualTo("held");
        assertThat((String) c.get("refusal")).contains("unknown submitter id");
        String id = (String) c.get("id");
        assertThat(calls("gate:" + id)).isEqualTo(1);

        clearinghouse.resetMappings();
        clearinghouse.stubFor(post(urlEqualTo("/files")).willReturn(taken("F-2")));
        Map<String, Object> sent =
                call(
                        "/api/v1/claims/held/" + id + "/release",
                        Map.of("reason", "submitter id fixed"));
        assertThat(sent.get("status")).isEqualTo("SENT");
        assertThat(sent.get("refusal")).isNull();
        assertThat(calls("gate:" + id)).isEqualTo(2);
    }

    @Test
    void aClaimTheClearinghouseCouldNotTakeIsSentByTheOutboxRelay() {
        clearinghouse.stubFor(post(urlEqualTo("/files")).willReturn(aResponse().withStatus(503)));
        Map<String, Object> c =
                submitOne(claim("GATE-RELAY").line("99213", "", 1, triage.today().minusDays(3)));
        assertThat(c.get("outcome")).isEqualTo("released");
        String id = (String) c.get("id");
        int failed = calls("gate:" + id);
        assertThat(failed).isPositive();

        clearinghouse.resetMappings();
        clearinghouse.stubFor(post(urlEqualTo("/files")).willReturn(taken("F-3")));
        clock.advanceBy(java.time.Duration.ofMinutes(6));
        org.reclaim.support.TestData.leasesRunOut(db);
        // the relay takes up the gate's submission, which belongs to no denial
        orchestrator.runOnce().block();
        assertThat(calls("gate:" + id)).isEqualTo(failed + 1);
        Map<String, Object> now =
                http.get()
                        .uri("/api/v1/claims/held/" + id)
                        .exchange()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat(now.get("status")).isEqualTo("SENT");
        assertThat(now.get("receipt")).isEqualTo("F-3");
    }
}
