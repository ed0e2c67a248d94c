package org.reclaim.partner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.review.OperatorActions;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Generated;
import org.reclaim.support.TestData;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.springframework.beans.factory.annotation.Autowired;

/** A practice with a REST clearinghouse sends its claims there and gets its answers from it. */
class RestClearinghouseTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired OperatorActions operators;
    @Autowired ClearinghousePoller poller;
    @Autowired ReclaimProperties props;

    WireMockServer clearinghouse;

    @BeforeEach
    void start() {
        clearinghouse = new WireMockServer(wireMockConfig().dynamicPort());
        clearinghouse.start();
        clearinghouse.stubFor(
                post(urlEqualTo("/files"))
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody("{\"id\": \"F-1\", \"status\": \"accepted\"}")));
        clearinghouse.stubFor(
                get(urlPathEqualTo("/files"))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"files\": [{\"id\": \"R-1\", \"name\": \"999-000000001.x12\", \"type\": \"999\"}],"
                                                        + " \"nextCursor\": \"c-1\"}")));
        clearinghouse.stubFor(
                get(urlEqualTo("/files/R-1/content"))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withBody(TestData.sample("imsweb/x12_999_accepted.txt"))));
    }

    @AfterEach
    void stop() {
        clearinghouse.stop();
        org.reclaim.support.TestCoding.removeSupport(props.dataDir(), triage);
    }

    @Test
    void claimsGoToTheRestClearinghouseAndItsAnswersArePolledIntoTheInbox() throws Exception {
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
        Generated.upload(http, 200, 55, 0.4, triage.today().minusDays(10));
        // the coding denials' notes support a (test-only) correction, so one is drafted
        org.reclaim.support.TestCoding.supportEveryCodingDenial(db, props.dataDir(), triage);
        UUID denial = TestData.loneDenial(db, "coding");
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
        orchestrator.runUntilIdle().block();

        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM submission WHERE denial_id = '"
                                        + denial
                                        + "' AND status = 'SENT'"))
                .isEqualTo(1);
        clearinghouse.verify(
                postRequestedFor(urlEqualTo("/files"))
                        .withHeader("X-File-Type", equalTo("837"))
                        .withHeader("Authorization", equalTo("Bearer ch-secret-1234"))
                        .withHeader("Idempotency-Key", matching(denial + ":.*")));

        assertThat(poller.pollOnce().block()).isEqualTo(1);
        Path dropped = props.inboxDir().resolve("default").resolve("999-000000001.x12");
        assertThat(dropped).exists();
        assertThat(Files.readAllBytes(dropped))
                .isEqualTo(TestData.sample("imsweb/x12_999_accepted.txt"));
        Files.delete(dropped);
    }
}
