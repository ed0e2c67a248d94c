package org.reclaim.connector.payer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reclaim.common.Money;
import org.reclaim.connector.ConnectorException;
import org.reclaim.connector.ResilienceSettings;
import org.reclaim.connector.VirtualTime;

class RestPayerPortalTest {

    @RegisterExtension
    static WireMockExtension wm =
            WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final ResilienceSettings SETTINGS =
            new ResilienceSettings(
                    Duration.ofSeconds(5),
                    3,
                    Duration.ofSeconds(2),
                    2.0,
                    Duration.ofSeconds(30),
                    50f,
                    4,
                    Duration.ofSeconds(60),
                    100,
                    Duration.ofSeconds(1),
                    4);
    static final byte[] PDF = "%PDF-1.7 packet".getBytes(StandardCharsets.US_ASCII);

    VirtualTime time;

    @BeforeEach
    void setUp() {
        time = new VirtualTime();
    }

    RestPayerPortal portal(ResilienceSettings resilience) {
        return portal(resilience, Map.of(), Map.of());
    }

    RestPayerPortal portal(
            ResilienceSettings resilience,
            Map<String, String> fields,
            Map<String, String> statuses) {
        return new RestPayerPortal(
                new PayerPortalSettings(
                        "87726",
                        URI.create(wm.baseUrl() + "/api"),
                        "Authorization",
                        "Bearer portal-token",
                        fields,
                        statuses,
                        resilience,
                        // WireMock listens on localhost: allowed explicitly, as in the agent's
                        // tests
                        org.reclaim.connector.http.HostPolicy.of(
                                java.util.List.of("localhost"), java.util.List.of("localhost"))),
                time);
    }

    static AppealSubmission appeal(String key) {
        return new AppealSubmission(
                key,
                "87726",
                "PCN-CLAIM-1",
                "PT-1001",
                1,
                PDF,
                Map.of("providerNpi", "1234567893"));
    }

    @Test
    void anAppealIsPostedWithItsPacketKeyAndCredentialAndTheCaseIdComesBack() {
        wm.stubFor(
                post("/api/appeals")
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withBody(
                                                "{\"caseId\": \"APL-1\", \"status\": \"RECEIVED\"}")));

        PortalReceipt receipt = portal(SETTINGS).submitAppeal(appeal("appeal-d1-l1"));

        assertThat(receipt).isEqualTo(PortalReceipt.accepted("APL-1", false));
        wm.verify(
                1,
                postRequestedFor(urlEqualTo("/api/appeals"))
                        .withHeader("Idempotency-Key", equalTo("appeal-d1-l1"))
                        .withHeader("Authorization", equalTo("Bearer portal-token"))
                        .withRequestBody(
                                matchingJsonPath("$.payerClaimNumber", equalTo("PCN-CLAIM-1")))
                        .withRequestBody(
                                matchingJsonPath("$.patientControlNumber", equalTo("PT-1001")))
                        .withRequestBody(matchingJsonPath("$.payerId", equalTo("87726")))
                        .withRequestBody(matchingJsonPath("$.appealLevel", equalTo("1")))
                        .withRequestBody(matchingJsonPath("$.providerNpi", equalTo("1234567893")))
                        .withRequestBody(
                                matchingJsonPath(
                                        "$.packet",
                                        equalTo(Base64.getEncoder().encodeToString(PDF)))));
    }

    @Test
    void aPortalWhoseHostIsNoLongerAllowedIsRefusedBeforeAnyRequestIsSent() {
        wm.stubFor(post("/api/appeals").willReturn(aResponse().withStatus(201).withBody("{}")));
        // plain http to localhost is still allowed, its loopback address no longer is
        RestPayerPortal portal =
                new RestPayerPortal(
                        new PayerPortalSettings(
                                "87726",
                                URI.create(wm.baseUrl() + "/api"),
                                "Authorization",
                                "Bearer portal-token",
                                Map.of(),
                                Map.of(),
                                SETTINGS,
                                org.reclaim.connector.http.HostPolicy.of(
                                        java.util.List.of(), java.util.List.of("localhost"))),
                        time);

        assertThatThrownBy(() -> portal.submitAppeal(appeal("appeal-d1-l1")))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.HOST_REFUSED);
                            assertThat(e.attempts()).isZero();
                            assertThat(e.retryableLater()).isFalse();
                        })
                .hasMessageContaining("localhost resolves to 127.0.0.1, a loopback address");
        wm.verify(0, postRequestedFor(urlEqualTo("/api/appeals")));
        assertThat(portal.resilience().circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aRedirectIsAnAnswerNeverFollowed() {
        wm.stubFor(
                get("/api/appeals/APL-9")
                        .willReturn(
                                aResponse()
                                        .withStatus(302)
                                        .withHeader(
                                                "Location",
                                                "http://169.254.169.254/latest/meta-data/")));

        assertThatThrownBy(() -> portal(SETTINGS).appealStatus("APL-9"))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("302");
        wm.verify(1, getRequestedFor(urlEqualTo("/api/appeals/APL-9")));
    }

    @Test
    void aRepeatedKeyReturnsTheSameCaseMarkedRepeated() {
        wm.stubFor(
                post("/api/appeals")
                        .inScenario("dup")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse().withStatus(201).withBody("{\"caseId\": \"APL-2\"}"))
                        .willSetStateTo("seen"));
        wm.stubFor(
                post("/api/appeals")
                        .inScenario("dup")
                        .whenScenarioStateIs("seen")
                        .willReturn(okJson("{\"caseId\": \"APL-2\"}")));
        RestPayerPortal portal = portal(SETTINGS);

        PortalReceipt first = portal.submitAppeal(appeal("same-key"));
        PortalReceipt again = portal.submitAppeal(appeal("same-key"));

        assertThat(again.caseId()).isEqualTo(first.caseId()).isEqualTo("APL-2");
        assertThat(again.repeated()).isTrue();
        wm.verify(
                2,
                postRequestedFor(urlEqualTo("/api/appeals"))
                        .withHeader("Idempotency-Key", equalTo("same-key")));
    }

    @Test
    void aServerErrorIsRetriedWithTheSameKeyThenSucceeds() {
        wm.stubFor(
                post("/api/reopenings")
                        .inScenario("flaky")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse().withStatus(503))
                        .willSetStateTo("up"));
        wm.stubFor(
                post("/api/reopenings")
                        .inScenario("flaky")
                        .whenScenarioStateIs("up")
                        .willReturn(
                                aResponse().withStatus(201).withBody("{\"caseId\": \"RO-1\"}")));

        PortalReceipt receipt =
                portal(SETTINGS)
                        .requestReopening(
                                new ReopeningRequest(
                                        "reopen-1",
                                        "87726",
                                        "PCN-CLAIM-1",
                                        "PT-1001",
                                        "modifier 25 missing on line 2",
                                        Map.of()));

        assertThat(receipt.caseId()).isEqualTo("RO-1");
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
        wm.verify(
                2,
                postRequestedFor(urlEqualTo("/api/reopenings"))
                        .withHeader("Idempotency-Key", equalTo("reopen-1"))
                        .withRequestBody(
                                matchingJsonPath(
                                        "$.correction", equalTo("modifier 25 missing on line 2"))));
    }

    @Test
    void tooManyRequestsWaitsExactlySevenSecondsOfVirtualTime() {
        wm.stubFor(
                get("/api/appeals/APL-3")
                        .inScenario("slow down")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7"))
                        .willSetStateTo("ok"));
        wm.stubFor(
                get("/api/appeals/APL-3")
                        .inScenario("slow down")
                        .whenScenarioStateIs("ok")
                        .willReturn(okJson("{\"caseId\": \"APL-3\", \"status\": \"IN_REVIEW\"}")));

        CaseStatus status = portal(SETTINGS).appealStatus("APL-3");

        assertThat(status.state()).isEqualTo(CaseStatus.State.IN_REVIEW);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void aSlowAnswerBeyondTheTimeoutIsRetriedThenFailsClearly() {
        wm.stubFor(
                get("/api/claims/PCN-CLAIM-1/status")
                        .willReturn(okJson("{\"status\": \"F1\"}").withFixedDelay(1500)));
        RestPayerPortal portal = portal(SETTINGS.withCallTimeout(Duration.ofMillis(300)));

        assertThatThrownBy(() -> portal.claimStatus("PCN-CLAIM-1"))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.TIMEOUT);
                            assertThat(e.attempts()).isEqualTo(3);
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            "payer-portal 87726 claim status PCN-CLAIM-1: timed out after"
                                                    + " 3 attempts (no answer within PT0.3S)");
                        });
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void repeatedServerErrorsOpenTheBreakerSoLaterCallsNeverReachThePortal() {
        wm.stubFor(
                get(urlPathEqualTo("/api/appeals/APL-4")).willReturn(aResponse().withStatus(500)));
        RestPayerPortal portal = portal(SETTINGS.withMaxAttempts(2));
        assertThatThrownBy(() -> portal.appealStatus("APL-4"))
                .isInstanceOf(ConnectorException.class);
        assertThatThrownBy(() -> portal.appealStatus("APL-4"))
                .isInstanceOf(ConnectorException.class);
        assertThat(portal.resilience().circuitState()).isEqualTo(CircuitBreaker.State.OPEN);

        assertThatThrownBy(() -> portal.submitAppeal(appeal("after-open")))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CIRCUIT_OPEN));
        wm.verify(4, getRequestedFor(urlEqualTo("/api/appeals/APL-4")));
        wm.verify(0, postRequestedFor(urlEqualTo("/api/appeals")));
    }

    @Test
    void aRefusedAppealIsAnAnswerAndDoesNotOpenTheBreaker() {
        wm.stubFor(
                post("/api/appeals")
                        .willReturn(
                                aResponse()
                                        .withStatus(422)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"reason\": \"filed after the 120-day window\"}")));
        RestPayerPortal portal = portal(SETTINGS.withMaxAttempts(1));

        for (int i = 0; i < 8; i++) {
            PortalReceipt receipt = portal.submitAppeal(appeal("late-" + i));
            assertThat(receipt.outcome()).isEqualTo(PortalReceipt.Outcome.REFUSED);
            assertThat(receipt.reason()).isEqualTo("filed after the 120-day window");
        }

        assertThat(portal.resilience().circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
        wm.verify(8, postRequestedFor(urlEqualTo("/api/appeals")));
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void anUpheldAppealIsDataAndNeverOpensTheBreaker() {
        wm.stubFor(
                get("/api/appeals/APL-5")
                        .willReturn(
                                okJson(
                                        """
                {"caseId": "APL-5", "status": "UPHELD", "reason": "not medically necessary", "decidedOn": "2026-02-01"}""")));
        RestPayerPortal portal = portal(SETTINGS.withMaxAttempts(1));

        for (int i = 0; i < 8; i++) {
            CaseStatus status = portal.appealStatus("APL-5");
            assertThat(status.state()).isEqualTo(CaseStatus.State.UPHELD);
            assertThat(status.reason()).isEqualTo("not medically necessary");
            assertThat(status.decidedOn()).isEqualTo(LocalDate.of(2026, 2, 1));
            assertThat(status.paid()).isEmpty();
        }

        assertThat(portal.resilience().circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void anOverturnedAppealCarriesThePaidAmount() {
        wm.stubFor(
                get("/api/appeals/APL-6")
                        .willReturn(
                                okJson(
                                        "{\"caseId\": \"APL-6\", \"status\": \"partially overturned\", \"paidAmount\": 84.5}")));

        CaseStatus status = portal(SETTINGS).appealStatus("APL-6");

        assertThat(status.state()).isEqualTo(CaseStatus.State.PARTIALLY_OVERTURNED);
        assertThat(status.paidAmount()).isEqualTo(Money.parse("84.50"));
        assertThat(status.payerStatus()).isEqualTo("partially overturned");
    }

    @Test
    void anUnknownCaseOrStatusWordIsUnknownNotAnError() {
        wm.stubFor(get("/api/appeals/NOPE").willReturn(aResponse().withStatus(404)));
        wm.stubFor(
                get("/api/appeals/ODD")
                        .willReturn(
                                okJson("{\"caseId\": \"ODD\", \"status\": \"escalated to MD\"}")));
        RestPayerPortal portal = portal(SETTINGS);

        assertThat(portal.appealStatus("NOPE").state()).isEqualTo(CaseStatus.State.UNKNOWN);
        CaseStatus odd = portal.appealStatus("ODD");
        assertThat(odd.state()).isEqualTo(CaseStatus.State.UNKNOWN);
        assertThat(odd.payerStatus()).isEqualTo("escalated to MD");
    }

    @Test
    void thePayersFieldNamesAndStatusWordsAreMappedBothWays() {
        Map<String, String> fields =
                Map.of(
                        "payerClaimNumber",
                        "claimRef",
                        "patientControlNumber",
                        "accountNo",
                        "caseId",
                        "ticket",
                        "status",
                        "decision",
                        "paidAmount",
                        "amountAllowed",
                        "appealLevel",
                        "level");
        Map<String, String> statuses = Map.of("approved", "OVERTURNED", "Denied", "UPHELD");
        wm.stubFor(
                post("/api/appeals")
                        .willReturn(
                                aResponse().withStatus(201).withBody("{\"ticket\": \"T-77\"}")));
        wm.stubFor(
                get("/api/appeals/T-77")
                        .willReturn(
                                okJson(
                                        "{\"ticket\": \"T-77\", \"decision\": \"Approved\", \"amountAllowed\": \"120.00\"}")));
        RestPayerPortal portal = portal(SETTINGS, fields, statuses);

        PortalReceipt receipt = portal.submitAppeal(appeal("mapped"));
        CaseStatus status = portal.appealStatus("T-77");

        assertThat(receipt.caseId()).isEqualTo("T-77");
        assertThat(status.state()).isEqualTo(CaseStatus.State.OVERTURNED);
        assertThat(status.paidAmount()).isEqualTo(Money.parse("120"));
        wm.verify(
                postRequestedFor(urlEqualTo("/api/appeals"))
                        .withRequestBody(matchingJsonPath("$.claimRef", equalTo("PCN-CLAIM-1")))
                        .withRequestBody(matchingJsonPath("$.accountNo", equalTo("PT-1001")))
                        .withRequestBody(matchingJsonPath("$.level", equalTo("1")))
                        .withRequestBody(
                                equalToJson("{\"claimRef\": \"PCN-CLAIM-1\"}", true, true)));
        wm.verify(
                0,
                postRequestedFor(urlEqualTo("/api/appeals"))
                        .withRequestBody(matchingJsonPath("$.payerClaimNumber")));
    }

    @Test
    void claimStatusReads277CategoryCodesAndAMissingClaim() {
        wm.stubFor(
                get("/api/claims/C-1/status")
                        .willReturn(
                                okJson(
                                        "{\"payerClaimNumber\": \"C-1\", \"status\": \"F2\", \"paidAmount\": 0, \"reason\": \"CO-197\"}")));
        wm.stubFor(get("/api/claims/C-2/status").willReturn(okJson("{\"status\": \"P3\"}")));
        wm.stubFor(get("/api/claims/C-3/status").willReturn(aResponse().withStatus(404)));
        RestPayerPortal portal = portal(SETTINGS);

        ClaimStatusAnswer denied = portal.claimStatus("C-1");
        assertThat(denied.category()).isEqualTo(ClaimStatusAnswer.Category.DENIED);
        assertThat(denied.paidAmount()).isEqualTo(Money.ZERO);
        assertThat(denied.reason()).isEqualTo("CO-197");
        assertThat(portal.claimStatus("C-2").category())
                .isEqualTo(ClaimStatusAnswer.Category.INFORMATION_REQUESTED);
        assertThat(portal.claimStatus("C-3").category())
                .isEqualTo(ClaimStatusAnswer.Category.NOT_FOUND);
    }

    @Test
    void anAuthorizationIsLookedUpByMemberProcedureAndDateAndMayBeAbsent() {
        wm.stubFor(
                get(urlPathEqualTo("/api/authorizations"))
                        .withQueryParam("subscriberId", equalTo("M 1"))
                        .withQueryParam("procedure", equalTo("97110"))
                        .withQueryParam("serviceDate", equalTo("2026-01-15"))
                        .willReturn(
                                okJson(
                                        """
                        {"authorizationNumber": "AUTH-9", "subscriberId": "M 1", "procedure": "97110",
                         "from": "2026-01-01", "to": "2026-03-31"}""")));
        wm.stubFor(
                get(urlPathEqualTo("/api/authorizations"))
                        .withQueryParam("procedure", equalTo("99215"))
                        .willReturn(aResponse().withStatus(404)));
        RestPayerPortal portal = portal(SETTINGS, Map.of("memberId", "subscriberId"), Map.of());

        assertThat(portal.lookupAuthorization("M 1", "97110", LocalDate.of(2026, 1, 15)))
                .contains(
                        new AuthorizationRecord(
                                "AUTH-9",
                                "M 1",
                                "97110",
                                LocalDate.of(2026, 1, 1),
                                LocalDate.of(2026, 3, 31)));
        assertThat(portal.lookupAuthorization("M 1", "99215", LocalDate.of(2026, 1, 15))).isEmpty();
    }

    @Test
    void aRenamingOfAnUnknownFieldIsRefusedAtConfiguration() {
        assertThatThrownBy(() -> portal(SETTINGS, Map.of("claimNumber", "x"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("claimNumber")
                .hasMessageContaining("payerClaimNumber");
        assertThatThrownBy(() -> portal(SETTINGS, Map.of(), Map.of("approved", "WON")))
                .hasMessageContaining("WON");
    }

    @Test
    void theSecretNeverAppearsInTheSettingsText() {
        assertThat(
                        new PayerPortalSettings(
                                        "87726",
                                        URI.create("https://p.example"),
                                        "Authorization",
                                        "Bearer xyz",
                                        Map.of(),
                                        Map.of(),
                                        SETTINGS,
                                        org.reclaim.connector.http.HostPolicy.strict())
                                .toString())
                .doesNotContain("xyz")
                .contains("(secret)");
    }
}
