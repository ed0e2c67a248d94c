package org.reclaim.partner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reclaim.support.TestData.count;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.connector.ConnectorException;
import org.reclaim.connector.clearinghouse.Clearinghouse;
import org.reclaim.connector.clearinghouse.OutgoingFile;
import org.reclaim.connector.http.HostPolicy;
import org.reclaim.connector.payer.AppealSubmission;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.practice.Practices;
import org.reclaim.support.ApiTest;
import org.springframework.transaction.ReactiveTransactionManager;

/**
 * Connector settings cannot point the service at arbitrary hosts (issue 14, item 15): a base URL is
 * https to a public address unless an admin allows the host, checked on save and before every call.
 * The tests' WireMock partners on http://localhost work through the test configuration's allowance
 * (reclaim.connectors.allowed-hosts / http-allowed-hosts = localhost).
 */
class ConnectorHostsTest extends ApiTest {

    WireMockServer partner;

    @BeforeEach
    void start() {
        partner = new WireMockServer(wireMockConfig().dynamicPort());
        partner.start();
        partner.stubFor(
                post(urlEqualTo("/appeals"))
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"caseId\": \"CASE-1\", \"status\": \"received\"}")));
        partner.stubFor(
                post(urlEqualTo("/files"))
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody("{\"id\": \"F-1\", \"status\": \"accepted\"}")));
    }

    @AfterEach
    void stop() {
        partner.stop();
    }

    String savePortal(String baseUrl, int status) {
        return http.put()
                .uri("/api/v1/connectors/payer-portals/TSTCOMA1")
                .bodyValue(
                        Map.of(
                                "baseUrl",
                                baseUrl,
                                "authHeaderName",
                                "X-Api-Key",
                                "authHeaderValue",
                                "portal-secret-1234"))
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    String saveClearinghouse(String baseUrl, int status) {
        return http.put()
                .uri("/api/v1/connectors/clearinghouse")
                .bodyValue(
                        Map.of(
                                "baseUrl",
                                baseUrl,
                                "authHeaderName",
                                "X-Api-Key",
                                "authHeaderValue",
                                "ch-secret-1234"))
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void urlsToPlainHttpMetadataPrivateOrLoopbackHostsAreRefusedNamingTheFieldAndWhy() {
        Map<String, String> refused =
                Map.of(
                        "http://example.com/api",
                        "baseUrl: http is allowed only for hosts an admin allows",
                        "https://169.254.169.254/latest/meta-data/",
                        "baseUrl: 169.254.169.254 is a link-local address",
                        "https://10.0.0.5",
                        "baseUrl: 10.0.0.5 is a private address",
                        "https://[::ffff:127.0.0.1]/",
                        "baseUrl: 127.0.0.1 is a loopback address",
                        "https://127.0.0.1:" + partner.port(),
                        "baseUrl: 127.0.0.1 is a loopback address",
                        "https://user:pw@example.com/",
                        "baseUrl: must not carry user information",
                        "ftp://example.com/",
                        "baseUrl: must be an https URL, not ftp");
        refused.forEach(
                (url, why) -> {
                    assertThat(savePortal(url, 400)).as(url).contains(why);
                    assertThat(saveClearinghouse(url, 400)).as(url).contains(why);
                });
        assertThat(savePortal("https://user:pw@example.com/", 400)).doesNotContain("pw");
        assertThat(count(db, "SELECT count(*) FROM connector_setting")).isZero();
        partner.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefusedWhenOnlyAnotherNameIsAllowed() throws Exception {
        // this machine's own name, when it resolves to a loopback or private address (it usually
        // does in a container); localhost is allowed by name, this name is not
        String own = java.net.InetAddress.getLocalHost().getHostName().toLowerCase();
        java.net.InetAddress[] addresses = java.net.InetAddress.getAllByName(own);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                !own.equals("localhost")
                        && java.util.Arrays.stream(addresses)
                                .anyMatch(a -> HostPolicy.nonPublic(a).isPresent()));
        assertThat(savePortal("https://" + own + ":" + partner.port(), 400))
                .contains("baseUrl: " + own + " resolves to ");
        assertThat(count(db, "SELECT count(*) FROM connector_setting")).isZero();
    }

    @Test
    void anAllowedHostIsSavedAndCalled() {
        savePortal(partner.baseUrl(), 204);
        var portal =
                context.getBean(ConnectorSettings.class)
                        .portal(Practices.DEFAULT_ID, "TSTCOMA1")
                        .block()
                        .orElseThrow();
        assertThat(portal.submitAppeal(appeal()).caseId()).isEqualTo("CASE-1");
        partner.verify(1, postRequestedFor(urlEqualTo("/appeals")));
    }

    /** reclaim.connectors.call-timeout bounds each attempt of a REST connector's call. */
    ConnectorSettings withCallTimeout(java.time.Duration timeout) {
        return new ConnectorSettings(
                db,
                context.getBean(SecretBox.class),
                context.getBean(Clock.class),
                context.getBean(Clearinghouse.class),
                context.getBean(ReclaimProperties.class),
                context.getBean(ClearinghouseProperties.class),
                context.getBean(ReactiveTransactionManager.class),
                context.getBeanProvider(PortalClients.class),
                HostPolicy.of(List.of("localhost"), List.of("localhost")),
                context.getBean(org.reclaim.core.LimitsProperties.class),
                timeout);
    }

    @Test
    void eachAttemptOfAPortalCallIsCutAtReclaimConnectorsCallTimeout() {
        partner.stubFor(
                post(urlEqualTo("/appeals"))
                        .atPriority(1)
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withFixedDelay(4000)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody("{\"caseId\": \"CASE-1\"}")));
        savePortal(partner.baseUrl(), 204);
        var portal =
                withCallTimeout(java.time.Duration.ofMillis(500))
                        .portal(Practices.DEFAULT_ID, "TSTCOMA1")
                        .block()
                        .orElseThrow();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> portal.submitAppeal(appeal()))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.TIMEOUT))
                .hasMessageContaining("PT0.5S");
        // four attempts of half a second and the backoffs (2 s, 4 s, 8 s): not four of 30 s
        assertThat((System.nanoTime() - t0) / 1_000_000_000L).isLessThan(30);
    }

    @Test
    void aCallTimeoutThatIsNotPositiveStopsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> withCallTimeout(java.time.Duration.ZERO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reclaim.connectors.call-timeout");
    }

    @Test
    void aSettingSavedWhileAllowedIsRefusedAtCallTimeOnceTheAllowanceIsGoneAndNothingIsSent() {
        savePortal(partner.baseUrl(), 204);
        saveClearinghouse(partner.baseUrl(), 204);
        // the service restarted with localhost no longer allowed to be loopback (http still is)
        ConnectorSettings restarted =
                new ConnectorSettings(
                        db,
                        context.getBean(SecretBox.class),
                        context.getBean(Clock.class),
                        context.getBean(Clearinghouse.class),
                        context.getBean(ReclaimProperties.class),
                        context.getBean(ClearinghouseProperties.class),
                        context.getBean(ReactiveTransactionManager.class),
                        context.getBeanProvider(PortalClients.class),
                        HostPolicy.of(List.of(), List.of("localhost")),
                        context.getBean(org.reclaim.core.LimitsProperties.class),
                        java.time.Duration.ofSeconds(30));

        var portal = restarted.portal(Practices.DEFAULT_ID, "TSTCOMA1").block().orElseThrow();
        assertThatThrownBy(() -> portal.submitAppeal(appeal()))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.HOST_REFUSED);
                            assertThat(e.attempts()).isZero();
                        })
                .hasMessageContaining("localhost resolves to 127.0.0.1, a loopback address");
        Clearinghouse clearinghouse = restarted.clearinghouse(Practices.DEFAULT_ID).block();
        assertThatThrownBy(
                        () ->
                                clearinghouse.submit(
                                        new OutgoingFile(
                                                "default",
                                                "file-key-1",
                                                "837",
                                                "000000042",
                                                "ISA*00*~IEA*1*000000042~"
                                                        .getBytes(StandardCharsets.UTF_8),
                                                Instant.parse("2026-03-04T05:06:07Z"))))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.HOST_REFUSED));
        partner.verify(0, anyRequestedFor(anyUrl()));
    }

    static AppealSubmission appeal() {
        return new AppealSubmission(
                "appeal-key-1",
                "TSTCOMA1",
                "PCN-1",
                "PT-1",
                1,
                "%PDF-1.7".getBytes(StandardCharsets.US_ASCII),
                Map.of());
    }
}
