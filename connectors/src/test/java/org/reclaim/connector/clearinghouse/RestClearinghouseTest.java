package org.reclaim.connector.clearinghouse;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reclaim.connector.ConnectorException;
import org.reclaim.connector.ResilienceSettings;
import org.reclaim.connector.VirtualTime;

class RestClearinghouseTest {

    @RegisterExtension
    static WireMockExtension wm =
            WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final ResilienceSettings SETTINGS =
            new ResilienceSettings(
                    Duration.ofSeconds(5),
                    3,
                    Duration.ofSeconds(1),
                    2.0,
                    Duration.ofSeconds(30),
                    50f,
                    4,
                    Duration.ofSeconds(60),
                    100,
                    Duration.ofSeconds(1),
                    4);

    VirtualTime time;
    CursorStore cursor;

    @BeforeEach
    void setUp() {
        time = new VirtualTime();
        cursor = CursorStore.inMemory();
    }

    RestClearinghouse clearinghouse(ResilienceSettings settings) {
        return new RestClearinghouse(
                new RestClearinghouseSettings(
                        "test-clearinghouse",
                        URI.create(wm.baseUrl() + "/v1/"),
                        "X-Api-Key",
                        "s3cret",
                        settings,
                        // WireMock listens on localhost: allowed explicitly, as in the agent's
                        // tests
                        org.reclaim.connector.http.HostPolicy.of(
                                java.util.List.of("localhost"), java.util.List.of("localhost"))),
                time,
                cursor);
    }

    static OutgoingFile file(String key) {
        return new OutgoingFile(
                "default",
                key,
                "837",
                "000000042",
                "ISA*00*...~IEA*1*000000042~".getBytes(StandardCharsets.UTF_8),
                Instant.parse("2026-03-04T05:06:07Z"));
    }

    @Test
    void submitPostsTheFileWithItsIdempotencyKeyTypeAndCredential() {
        wm.stubFor(
                post("/v1/files")
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody("{\"id\": \"F-1\", \"status\": \"accepted\"}")));

        SubmissionReceipt receipt = clearinghouse(SETTINGS).submit(file("claim-7-original"));

        assertThat(receipt).isEqualTo(SubmissionReceipt.accepted("F-1", false));
        wm.verify(
                1,
                postRequestedFor(urlEqualTo("/v1/files"))
                        .withHeader("Idempotency-Key", equalTo("claim-7-original"))
                        .withHeader("X-File-Type", equalTo("837"))
                        .withHeader("X-Interchange-Control-Number", equalTo("000000042"))
                        .withHeader("X-File-Name", equalTo("20260304050607-837-000000042.x12"))
                        .withHeader("X-Api-Key", equalTo("s3cret"))
                        .withHeader("Content-Type", equalTo("application/edi-x12"))
                        .withRequestBody(equalTo("ISA*00*...~IEA*1*000000042~")));
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void aRepeatedKeyReturnsTheSameReceiptMarkedRepeated() {
        wm.stubFor(
                post("/v1/files")
                        .inScenario("repeat")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withBody("{\"id\": \"F-9\", \"status\": \"accepted\"}"))
                        .willSetStateTo("seen"));
        wm.stubFor(
                post("/v1/files")
                        .inScenario("repeat")
                        .whenScenarioStateIs("seen")
                        .withHeader("Idempotency-Key", equalTo("k-1"))
                        .willReturn(okJson("{\"id\": \"F-9\", \"status\": \"accepted\"}")));
        RestClearinghouse ch = clearinghouse(SETTINGS);

        SubmissionReceipt first = ch.submit(file("k-1"));
        SubmissionReceipt again = ch.submit(file("k-1"));

        assertThat(again.id()).isEqualTo(first.id()).isEqualTo("F-9");
        assertThat(first.repeated()).isFalse();
        assertThat(again.repeated()).isTrue();
        wm.verify(
                2,
                postRequestedFor(urlEqualTo("/v1/files"))
                        .withHeader("Idempotency-Key", equalTo("k-1")));
    }

    @Test
    void aServerErrorIsRetriedAfterTheInitialBackoffThenSucceeds() {
        wm.stubFor(
                post("/v1/files")
                        .inScenario("flaky")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse().withStatus(500))
                        .willSetStateTo("recovered"));
        wm.stubFor(
                post("/v1/files")
                        .inScenario("flaky")
                        .whenScenarioStateIs("recovered")
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withBody("{\"id\": \"F-2\", \"status\": \"accepted\"}")));

        SubmissionReceipt receipt = clearinghouse(SETTINGS).submit(file("k-2"));

        assertThat(receipt.id()).isEqualTo("F-2");
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
        wm.verify(
                2,
                postRequestedFor(urlEqualTo("/v1/files"))
                        .withHeader("Idempotency-Key", equalTo("k-2")));
    }

    @Test
    void backoffGrowsByTheMultiplierUntilAttemptsAreSpent() {
        wm.stubFor(post("/v1/files").willReturn(aResponse().withStatus(502)));

        assertThatThrownBy(() -> clearinghouse(SETTINGS).submit(file("k-3")))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.SERVER_ERROR);
                            assertThat(e.attempts()).isEqualTo(3);
                            assertThat(e.getMessage())
                                    .contains(
                                            "test-clearinghouse",
                                            "server error",
                                            "3 attempts",
                                            "HTTP 502");
                        });
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void tooManyRequestsWaitsExactlyTheRetryAfterSecondsInVirtualTime() {
        wm.stubFor(
                post("/v1/files")
                        .inScenario("throttle")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7"))
                        .willSetStateTo("ok"));
        wm.stubFor(
                post("/v1/files")
                        .inScenario("throttle")
                        .whenScenarioStateIs("ok")
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withBody("{\"id\": \"F-3\", \"status\": \"accepted\"}")));
        long started = System.nanoTime();

        SubmissionReceipt receipt = clearinghouse(SETTINGS).submit(file("k-4"));

        assertThat(receipt.id()).isEqualTo("F-3");
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void unavailableWithAnHttpDateRetryAfterWaitsUntilThatDate() {
        String date =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        time.now().plusSeconds(12).atOffset(ZoneOffset.UTC));
        wm.stubFor(
                post("/v1/files")
                        .inScenario("maint")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse().withStatus(503).withHeader("Retry-After", date))
                        .willSetStateTo("ok"));
        wm.stubFor(
                post("/v1/files")
                        .inScenario("maint")
                        .whenScenarioStateIs("ok")
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withBody("{\"id\": \"F-4\", \"status\": \"accepted\"}")));

        clearinghouse(SETTINGS).submit(file("k-5"));

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(12));
    }

    @Test
    void aRetryAfterLongerThanTheMaxBackoffEndsTheCallWithTheMomentToRetry() {
        wm.stubFor(
                post("/v1/files")
                        .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "3600")));
        Instant now = time.now();

        assertThatThrownBy(() -> clearinghouse(SETTINGS).submit(file("k-6")))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.THROTTLED);
                            assertThat(e.retryAfter()).contains(now.plusSeconds(3600));
                            assertThat(e.retryableLater()).isTrue();
                        });
        assertThat(time.sleeps()).isEmpty();
        wm.verify(1, postRequestedFor(urlEqualTo("/v1/files")));
    }

    @Test
    void aSlowAnswerBeyondTheTimeoutIsRetriedThenFailsAsTimedOut() {
        wm.stubFor(
                post("/v1/files")
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withFixedDelay(1500)
                                        .withBody("{\"id\": \"late\", \"status\": \"accepted\"}")));

        assertThatThrownBy(
                        () ->
                                clearinghouse(
                                                SETTINGS.withMaxAttempts(2)
                                                        .withCallTimeout(Duration.ofMillis(400)))
                                        .submit(file("k-7")))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.TIMEOUT);
                            assertThat(e.attempts()).isEqualTo(2);
                            assertThat(e.getMessage())
                                    .contains("timed out after 2 attempts", "PT0.4S");
                        });
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void repeatedServerErrorsOpenTheBreakerAndLaterCallsFailFastWithoutSending() {
        wm.stubFor(post("/v1/files").willReturn(aResponse().withStatus(500)));
        RestClearinghouse ch = clearinghouse(SETTINGS.withMaxAttempts(1));
        for (int i = 0; i < 4; i++) {
            String key = "k-open-" + i;
            assertThatThrownBy(() -> ch.submit(file(key))).isInstanceOf(ConnectorException.class);
        }
        assertThat(ch.resilience().circuitState()).isEqualTo(CircuitBreaker.State.OPEN);

        assertThatThrownBy(() -> ch.submit(file("k-open-5")))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CIRCUIT_OPEN);
                            assertThat(e.attempts()).isZero();
                        });
        wm.verify(4, postRequestedFor(urlEqualTo("/v1/files")));
    }

    @Test
    void anOpenBreakerLetsATrialCallThroughAfterItsOpenDurationInVirtualTime() {
        wm.stubFor(
                post("/v1/files")
                        .inScenario("outage")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse().withStatus(500)));
        RestClearinghouse ch = clearinghouse(SETTINGS.withMaxAttempts(1));
        for (int i = 0; i < 4; i++) {
            String key = "k-outage-" + i;
            assertThatThrownBy(() -> ch.submit(file(key))).isInstanceOf(ConnectorException.class);
        }
        wm.stubFor(
                post("/v1/files")
                        .inScenario("outage")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withBody("{\"id\": \"F-5\", \"status\": \"accepted\"}")));
        assertThatThrownBy(() -> ch.submit(file("k-too-early")))
                .hasMessageContaining("circuit breaker open");

        time.advance(Duration.ofSeconds(61));

        assertThat(ch.submit(file("k-after")).id()).isEqualTo("F-5");
        assertThat(ch.resilience().circuitState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void aRejectedFileIsAReceiptWithTheReasonAndNeverOpensTheBreaker() {
        wm.stubFor(
                post("/v1/files")
                        .willReturn(
                                aResponse()
                                        .withStatus(422)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"status\": \"rejected\", \"reason\": \"ISA06 submitter not enrolled\"}")));
        RestClearinghouse ch = clearinghouse(SETTINGS.withMaxAttempts(1));

        for (int i = 0; i < 10; i++) {
            SubmissionReceipt receipt = ch.submit(file("k-rej-" + i));
            assertThat(receipt.status()).isEqualTo(SubmissionReceipt.Status.REJECTED);
            assertThat(receipt.reason()).isEqualTo("ISA06 submitter not enrolled");
        }

        assertThat(ch.resilience().circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
        wm.verify(10, postRequestedFor(urlEqualTo("/v1/files")));
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void refusedCredentialsFailAtOnceWithoutRetrying() {
        wm.stubFor(post("/v1/files").willReturn(aResponse().withStatus(401)));

        assertThatThrownBy(() -> clearinghouse(SETTINGS).submit(file("k-auth")))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_AUTHORIZED);
                            assertThat(e.retryableLater()).isFalse();
                            assertThat(e.getMessage()).doesNotContain("s3cret");
                        });
        wm.verify(1, postRequestedFor(urlEqualTo("/v1/files")));
    }

    @Test
    void pollFetchesTheFilesListedAfterTheCursorAndKeepsTheNextCursor() {
        wm.stubFor(
                get("/v1/files")
                        .willReturn(
                                okJson(
                                        """
                {"files": [{"id": "R-1", "name": "999-000000042.x12"}, {"id": "R 2", "name": "../evil"}],
                 "nextCursor": "c-2"}""")));
        wm.stubFor(
                get("/v1/files/R-1/content")
                        .willReturn(aResponse().withStatus(200).withBody("ISA*999~")));
        wm.stubFor(
                get("/v1/files/R%202/content")
                        .willReturn(aResponse().withStatus(200).withBody("ISA*277~")));
        wm.stubFor(
                get(urlPathEqualTo("/v1/files"))
                        .withQueryParam("since", equalTo("c-2"))
                        .willReturn(okJson("{\"files\": [], \"nextCursor\": \"c-2\"}")));
        RestClearinghouse ch = clearinghouse(SETTINGS);

        List<IncomingFile> first = ch.poll();
        List<IncomingFile> second = ch.poll();

        assertThat(first)
                .extracting(IncomingFile::name)
                .containsExactly("999-000000042.x12", "R_2.x12");
        assertThat(new String(first.get(1).bytes(), StandardCharsets.UTF_8)).isEqualTo("ISA*277~");
        assertThat(second).isEmpty();
        assertThat(cursor.load()).contains("c-2");
        wm.verify(
                1,
                getRequestedFor(urlEqualTo("/v1/files?since=c-2"))
                        .withHeader("X-Api-Key", equalTo("s3cret")));
    }

    @Test
    void aFetchedContentThatIsNotAnInterchangeFailsThePollAndTheCursorStays() throws Exception {
        wm.stubFor(
                get("/v1/files")
                        .inScenario("garbled")
                        .willReturn(
                                okJson(
                                        "{\"files\": [{\"id\": \"R-1\", \"name\": \"999-1.x12\"}],"
                                                + " \"nextCursor\": \"c-1\"}")));
        wm.stubFor(
                get("/v1/files/R-1/content")
                        .inScenario("garbled")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(okJson("{\"caseId\": <html>garbage"))
                        .willSetStateTo("mended"));
        wm.stubFor(
                get("/v1/files/R-1/content")
                        .inScenario("garbled")
                        .whenScenarioStateIs("mended")
                        .willReturn(aResponse().withStatus(200).withBody("\r\nISA*999~")));
        RestClearinghouse ch = clearinghouse(SETTINGS);
        java.util.List<IncomingFile> stored = new java.util.ArrayList<>();

        assertThatThrownBy(() -> ch.poll(stored::addAll))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("fetch file R-1")
                .hasMessageContaining("not an X12 interchange");
        assertThat(stored).isEmpty();
        assertThat(cursor.load()).isEmpty();

        ch.poll(stored::addAll);
        assertThat(stored).extracting(IncomingFile::name).containsExactly("999-1.x12");
        assertThat(new String(stored.get(0).bytes(), StandardCharsets.UTF_8))
                .isEqualTo("\r\nISA*999~");
        assertThat(cursor.load()).contains("c-1");
    }

    /**
     * A listing of two files whose second fetch fails: the first is handed over at once and not
     * fetched again, the cursor stays until the second comes (before, nothing was handed over and
     * every poll fetched the whole listing again: a clearinghouse failing a share of its calls
     * never delivered a long listing).
     */
    @Test
    void aFetchThatFailsPartWayHandsOverTheFilesBeforeItAndTheNextPollFetchesOnlyTheRest()
            throws Exception {
        wm.stubFor(
                get("/v1/files")
                        .willReturn(
                                okJson(
                                        "{\"files\": [{\"id\": \"R-1\", \"name\": \"999-1.x12\"},"
                                                + " {\"id\": \"R-2\", \"name\": \"999-2.x12\"}],"
                                                + " \"nextCursor\": \"c-2\"}")));
        wm.stubFor(
                get("/v1/files/R-1/content")
                        .willReturn(aResponse().withStatus(200).withBody("ISA*1~")));
        wm.stubFor(
                get("/v1/files/R-2/content")
                        .inScenario("second")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(okJson("{\"caseId\": <html>garbage"))
                        .willSetStateTo("mended"));
        wm.stubFor(
                get("/v1/files/R-2/content")
                        .inScenario("second")
                        .whenScenarioStateIs("mended")
                        .willReturn(aResponse().withStatus(200).withBody("ISA*2~")));
        RestClearinghouse ch = clearinghouse(SETTINGS);
        java.util.List<IncomingFile> stored = new java.util.ArrayList<>();

        assertThatThrownBy(() -> ch.poll(stored::addAll))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("fetch file R-2");
        assertThat(stored).extracting(IncomingFile::name).containsExactly("999-1.x12");
        assertThat(cursor.load()).isEmpty();

        assertThat(ch.poll(stored::addAll)).isEqualTo(1);
        assertThat(stored).extracting(IncomingFile::name).containsExactly("999-1.x12", "999-2.x12");
        assertThat(cursor.load()).contains("c-2");
        wm.verify(1, getRequestedFor(urlEqualTo("/v1/files/R-1/content")));
    }
}
