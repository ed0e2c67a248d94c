package org.reclaim.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.reclaim.connector.ConnectorException;

/** How long a step waits on a partner that gave no answer or asked it to wait. */
class OutageWaitTest {

    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    static ConnectorException fault(ConnectorException.Kind kind, int attempts, Instant after) {
        return new ConnectorException(kind, "test", "submit", attempts, after, null, null);
    }

    @Test
    void aThrottleIsWaitedUntilTheMomentThePartnerNamed() {
        Instant at = NOW.plus(Duration.ofMinutes(137));
        StepResult r =
                Orchestrator.outage(fault(ConnectorException.Kind.THROTTLED, 1, at), NOW, null);
        assertThat(r.rerunAt()).isEqualTo(at);
        assertThat(r.detail()).startsWith("the partner asked to wait (THROTTLED, 1 attempt)");
    }

    @Test
    void anOpenBreakerIsWaitedUntilItLetsACallThroughSayingNothingWasSent() {
        Instant at = NOW.plusSeconds(42);
        StepResult r =
                Orchestrator.outage(fault(ConnectorException.Kind.CIRCUIT_OPEN, 0, at), NOW, null);
        assertThat(r.rerunAt()).isEqualTo(at);
        assertThat(r.detail())
                .startsWith("not sent, held back by our own limits (CIRCUIT_OPEN, 0 attempts)");
    }

    @Test
    void aWaitIsNeverLongerThanADayNorPastTheDeadlineWatch() {
        Instant week = NOW.plus(Duration.ofDays(7));
        assertThat(
                        Orchestrator.outage(
                                        fault(ConnectorException.Kind.THROTTLED, 1, week),
                                        NOW,
                                        null)
                                .rerunAt())
                .isEqualTo(NOW.plus(Duration.ofHours(24)));
        Instant watch = NOW.plus(Duration.ofHours(5));
        assertThat(
                        Orchestrator.outage(
                                        fault(ConnectorException.Kind.THROTTLED, 1, week),
                                        NOW,
                                        watch)
                                .rerunAt())
                .isEqualTo(watch);
        // no moment named: an hour, unless the watch comes sooner
        assertThat(
                        Orchestrator.outage(
                                        fault(ConnectorException.Kind.SERVER_ERROR, 4, null),
                                        NOW,
                                        NOW.plusSeconds(600))
                                .rerunAt())
                .isEqualTo(NOW.plusSeconds(600));
        // a moment already past is no moment
        assertThat(
                        Orchestrator.outage(
                                        fault(
                                                ConnectorException.Kind.THROTTLED,
                                                1,
                                                NOW.minusSeconds(5)),
                                        NOW,
                                        null)
                                .rerunAt())
                .isEqualTo(NOW.plus(Duration.ofHours(1)));
    }
}
