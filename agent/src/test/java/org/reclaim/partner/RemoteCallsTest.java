package org.reclaim.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.reclaim.connector.ConnectorException;

/** Every remote call is bounded by a Reactor timeout, past the connector's own. */
class RemoteCallsTest {

    @Test
    void aCallThatNeverReturnsEndsAsATimeoutAtTheBound() {
        RemoteCalls calls = new RemoteCalls.Blocking(Duration.ofMillis(200));
        long start = System.nanoTime();
        assertThatThrownBy(
                        () ->
                                calls.call(
                                                RemoteCalls.Party.MODEL,
                                                () -> {
                                                    Thread.sleep(10_000);
                                                    return "late";
                                                })
                                        .block())
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.TIMEOUT);
                            assertThat(e.retryableLater()).isTrue();
                            assertThat(e.getMessage()).contains("model", "no answer within PT0.2S");
                        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(calls.call(RemoteCalls.Party.PORTAL, () -> "on time").block())
                .isEqualTo("on time");
    }

    @Test
    void theBoundMustBePositive() {
        assertThatThrownBy(() -> new RemoteCalls.Blocking(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reclaim.agent.remote-timeout");
    }
}
