package org.reclaim.partner;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.reclaim.connector.ConnectorException;
import reactor.core.publisher.Mono;

/**
 * How a step calls an outside party: the drafter (a model), a payer's portal, the clearinghouse,
 * the packet and records folders. A step reads what it needs from the database first, then calls,
 * then records what happened: while a call is pending the step holds no database connection, and
 * the orchestrator's bounds ({@code reclaim.agent.concurrency}, {@code batch}, {@code per-payer})
 * decide how many denials wait on outside parties at once.
 *
 * <p>The connectors block, so {@link Blocking} runs each call on the bounded-elastic scheduler: a
 * thread per call <em>in progress</em>, queued beyond the scheduler's cap, never on the event loop.
 * A party that answers asynchronously (or the benchmark's simulated latency, a timer) holds no
 * thread while it waits.
 */
public interface RemoteCalls {

    /** Who is called: what a latency, a bound or a figure applies to. */
    enum Party {
        MODEL,
        PORTAL,
        CLEARINGHOUSE,
        FILES
    }

    /** The call's answer, or its exception, when it completes. */
    <T> Mono<T> call(Party party, Callable<T> call);

    /**
     * Blocking connectors on the bounded-elastic scheduler, each call bounded by {@code timeout} (a
     * connector's own attempts are bounded too; this is the last bound, for a call that never
     * returns): past it the call ends as a {@link ConnectorException} of kind TIMEOUT, an outage
     * the step waits out.
     */
    final class Blocking implements RemoteCalls {

        /** Longer than a connector's own attempts take (4 of 30 s, backing off 2, 4 and 8 s). */
        public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

        private final Duration timeout;

        public Blocking() {
            this(DEFAULT_TIMEOUT);
        }

        public Blocking(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero())
                throw new IllegalArgumentException(
                        "reclaim.agent.remote-timeout must be positive, not " + timeout);
            this.timeout = timeout;
        }

        @Override
        public <T> Mono<T> call(Party party, Callable<T> call) {
            return Mono.fromCallable(call)
                    .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                    .timeout(timeout)
                    .onErrorMap(
                            TimeoutException.class,
                            e ->
                                    new ConnectorException(
                                            ConnectorException.Kind.TIMEOUT,
                                            party.name().toLowerCase(java.util.Locale.ROOT),
                                            "call",
                                            1,
                                            null,
                                            "no answer within " + timeout,
                                            e));
        }
    }
}
