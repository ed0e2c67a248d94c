package org.reclaim.partner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A payer portal configured for the practice (secret sealed at rest) takes the appeals for that
 * payer.
 */
class PayerPortalTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired org.reclaim.core.ReclaimProperties props;

    WireMockServer portal;

    @BeforeEach
    void portalAndAnAppealOnlyPlaybook() throws Exception {
        portal = new WireMockServer(wireMockConfig().dynamicPort());
        portal.start();
        portal.stubFor(
                post(urlEqualTo("/appeals"))
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"caseId\": \"CASE-77\", \"status\": \"received\"}")));
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
    }

    @AfterEach
    void stop() throws Exception {
        portal.stop();
        TestPlaybooks.shipped(triage);
        org.reclaim.support.TestRecords.clear(props);
    }

    @Test
    void appealsForAPayerWithAPortalGoThroughItAndTheSecretIsNeverShown() {
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
        String listed =
                http.get()
                        .uri("/api/v1/connectors/payer-portals")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(listed).contains("TSTCOMA1", "****9876").doesNotContain("portal-secret");
        byte[] stored =
                db.sql("SELECT secret FROM connector_setting")
                        .map(r -> r.get(0, byte[].class))
                        .one()
                        .block();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("portal-secret");

        org.reclaim.support.Generated.upload(http, 400, 44, 0.5, triage.today().minusDays(10));
        // an appeal goes only with an enclosure that answers the denial
        org.reclaim.support.TestRecords.noteForEveryDenial(props, db, "MEDICAL_NECESSITY");
        orchestrator.runUntilIdle().block();

        long viaPortal =
                count(
                        db,
                        "SELECT count(*) FROM submission s JOIN denial d ON d.id = s.denial_id "
                                + "WHERE s.channel = 'portal' AND d.payer_id = 'TSTCOMA1'");
        // one appeal per claim and reason: it lists the claim's other lines denied for it
        long appeals =
                count(
                        db,
                        "SELECT count(DISTINCT (claim_payment_id, group_code, carc)) FROM denial"
                                + " WHERE category = 'MEDICAL_NECESSITY' AND payer_id = 'TSTCOMA1'");
        assertThat(appeals).isPositive();
        assertThat(viaPortal).isEqualTo(appeals);
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial WHERE category = 'MEDICAL_NECESSITY'"
                                        + " AND payer_id = 'TSTCOMA1' AND status NOT IN ('SUBMITTED', 'AWAITING_PAYER')"))
                .as("every line is before the payer, with its own appeal or its sibling's")
                .isZero();
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM submission s JOIN denial d ON d.id = s.denial_id "
                                        + "WHERE s.channel = 'portal' AND d.payer_id <> 'TSTCOMA1'"))
                .isZero();
        portal.verify(
                (int) appeals,
                postRequestedFor(urlEqualTo("/appeals"))
                        .withHeader("X-Api-Key", equalTo("portal-secret-9876"))
                        .withHeader("Idempotency-Key", matching(".+")));
        assertThat(
                        count(
                                db,
                                "SELECT count(DISTINCT (claim_payment_id, group_code, carc)) FROM denial WHERE category = 'MEDICAL_NECESSITY' AND payer_id = 'TSTCOMA1' "
                                        + "AND status = 'SUBMITTED'"))
                .isEqualTo(appeals);
    }
}
