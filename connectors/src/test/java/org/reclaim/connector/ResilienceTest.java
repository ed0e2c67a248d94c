package org.reclaim.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reclaim.connector.http.HttpTransport;

class ResilienceTest {

    static final ResilienceSettings SETTINGS =
            new ResilienceSettings(
                    Duration.ofSeconds(2),
                    4,
                    Duration.ofMillis(500),
                    3.0,
                    Duration.ofSeconds(10),
                    50f,
                    4,
                    Duration.ofSeconds(30),
                    100,
                    Duration.ofSeconds(1),
                    2);

    VirtualTime time = new VirtualTime();

    @Test
    void exponentialBackoffIsCappedAtTheMaxBackoff() {
        AtomicInteger calls = new AtomicInteger();
        Resilience r =
                Resilience.of(
                        "test",
                        SETTINGS.withMaxAttempts(5)
                                .withCircuitBreaker(50f, 20, Duration.ofSeconds(30)),
                        time);

        assertThatThrownBy(
                        () ->
                                r.call(
                                        "op",
                                        () -> {
                                            calls.incrementAndGet();
                                            return CompletableFuture.failedFuture(
                                                    new ConnectException("refused"));
                                        }))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNREACHABLE);
                            assertThat(e.getMessage())
                                    .isEqualTo("test op: unreachable after 5 attempts (refused)");
                        });

        assertThat(calls).hasValue(5);
        assertThat(time.sleeps())
                .containsExactly(
                        Duration.ofMillis(500),
                        Duration.ofMillis(1500),
                        Duration.ofMillis(4500),
                        Duration.ofSeconds(10));
    }

    @Test
    void anOpenBreakerNamesTheMomentItLetsACallThroughAndDoesSoThen() {
        Resilience r = Resilience.of("test", SETTINGS.withMaxAttempts(1), time);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(
                            () ->
                                    r.call(
                                            "op",
                                            () ->
                                                    CompletableFuture.<String>failedFuture(
                                                            new ConnectException("refused"))))
                    .isInstanceOf(ConnectorException.class);
        }
        assertThat(r.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
        Instant opened = time.now();
        time.advance(Duration.ofSeconds(10));
        AtomicInteger sent = new AtomicInteger();
        assertThatThrownBy(
                        () ->
                                r.call(
                                        "op",
                                        () -> {
                                            sent.incrementAndGet();
                                            return CompletableFuture.completedFuture("ok");
                                        }))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CIRCUIT_OPEN);
                            // open for 30 s from the failure that opened it: the first moment
                            // after those is when a call goes through
                            assertThat(e.retryAfter())
                                    .contains(opened.plus(Duration.ofSeconds(30)).plusMillis(1));
                        });
        assertThat(sent).hasValue(0);
        time.advance(Duration.ofSeconds(20));
        assertThatThrownBy(() -> r.call("op", () -> CompletableFuture.completedFuture("early")))
                .isInstanceOf(ConnectorException.class);
        time.advance(Duration.ofMillis(1));
        assertThat(
                        r.call(
                                "op",
                                () -> {
                                    sent.incrementAndGet();
                                    return CompletableFuture.completedFuture("ok");
                                }))
                .isEqualTo("ok");
        assertThat(sent).hasValue(1);
    }

    @Test
    void aBreakerThatOpensDuringTheRetriesEndsTheCallThere() {
        AtomicInteger calls = new AtomicInteger();
        Resilience r = Resilience.of("test", SETTINGS.withMaxAttempts(10), time);

        assertThatThrownBy(
                        () ->
                                r.call(
                                        "op",
                                        () -> {
                                            calls.incrementAndGet();
                                            return CompletableFuture.failedFuture(
                                                    new ConnectException("refused"));
                                        }))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CIRCUIT_OPEN);
                            assertThat(e.attempts()).isEqualTo(4);
                            assertThat(e.getMessage()).endsWith("(last failure: refused)");
                        });

        assertThat(calls).hasValue(4);
    }

    @Test
    void theRateLimitIsWaitedOutInVirtualTime() {
        Resilience r =
                Resilience.of("test", SETTINGS.withRateLimit(2, Duration.ofSeconds(1)), time);

        for (int i = 0; i < 5; i++) r.call("op", () -> CompletableFuture.completedFuture("ok"));

        assertThat(time.slept()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anUnexpectedExceptionIsNeitherRetriedNorCountedByTheBreaker() {
        AtomicInteger calls = new AtomicInteger();
        Resilience r = Resilience.of("test", SETTINGS, time);

        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(
                            () ->
                                    r.call(
                                            "op",
                                            () -> {
                                                calls.incrementAndGet();
                                                return CompletableFuture.failedFuture(
                                                        new IllegalStateException(
                                                                "a bug, not a network"));
                                            }))
                    .isInstanceOf(IllegalStateException.class);
        }

        assertThat(calls).hasValue(6);
        assertThat(time.sleeps()).isEmpty();
        assertThat(r.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void throttlingIsRetriedButDoesNotCountAgainstTheBreaker() {
        Resilience r = Resilience.of("test", SETTINGS.withMaxAttempts(1), time);

        for (int i = 0; i < 8; i++) {
            assertThatThrownBy(
                            () ->
                                    r.call(
                                            "op",
                                            () -> CompletableFuture.completedFuture(429),
                                            status -> {
                                                throw new TransportFault(
                                                        status,
                                                        Duration.ofSeconds(1),
                                                        "HTTP " + status);
                                            }))
                    .isInstanceOfSatisfying(
                            ConnectorException.class,
                            e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.THROTTLED));
        }

        assertThat(r.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aFullBulkheadRefusesTheCallWithoutSendingIt() throws Exception {
        Resilience r =
                Resilience.of(
                        "test",
                        SETTINGS.withMaxConcurrentCalls(1)
                                .withCallTimeout(Duration.ofMillis(200))
                                .withMaxAttempts(1),
                        time);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> holder =
                    pool.submit(
                            () ->
                                    r.call(
                                            "hold",
                                            () -> {
                                                inside.countDown();
                                                try {
                                                    release.await(5, TimeUnit.SECONDS);
                                                } catch (InterruptedException e) {
                                                    Thread.currentThread().interrupt();
                                                }
                                                return CompletableFuture.completedFuture("held");
                                            }));
            assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(
                            () ->
                                    r.call(
                                            "second",
                                            () -> CompletableFuture.completedFuture("never")))
                    .isInstanceOfSatisfying(
                            ConnectorException.class,
                            e -> {
                                assertThat(e.kind())
                                        .isEqualTo(ConnectorException.Kind.BULKHEAD_FULL);
                                assertThat(e.attempts()).isZero();
                                // a call in flight ends within its timeout: try then
                                assertThat(e.retryAfter())
                                        .contains(time.now().plus(Duration.ofMillis(200)));
                            });
            release.countDown();
            assertThat(holder.get(5, TimeUnit.SECONDS)).isEqualTo("held");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-01-05T09:00:00Z");

        assertThat(HttpTransport.retryAfter("7", now)).contains(Duration.ofSeconds(7));
        assertThat(HttpTransport.retryAfter(" 0 ", now)).contains(Duration.ZERO);
        assertThat(HttpTransport.retryAfter("Mon, 05 Jan 2026 09:01:30 GMT", now))
                .contains(Duration.ofSeconds(90));
        assertThat(HttpTransport.retryAfter("Mon, 05 Jan 2026 08:00:00 GMT", now))
                .contains(Duration.ZERO);
        assertThat(HttpTransport.retryAfter("soon", now)).isEmpty();
        assertThat(HttpTransport.retryAfter("-5", now)).isEmpty();
    }

    @Test
    void settingsRefuseNonsense() {
        assertThatThrownBy(() -> SETTINGS.withMaxAttempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(
                        () -> SETTINGS.withBackoff(Duration.ofSeconds(5), 2, Duration.ofSeconds(1)))
                .hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> SETTINGS.withCircuitBreaker(0f, 10, Duration.ofSeconds(1)))
                .hasMessageContaining("failureRateThreshold");
        assertThatThrownBy(() -> SETTINGS.withCallTimeout(Duration.ZERO))
                .hasMessageContaining("callTimeout");
    }
}
