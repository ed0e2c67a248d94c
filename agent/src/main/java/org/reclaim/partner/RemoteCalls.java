package org.reclaim.partner;

import java.util.concurrent.Callable;
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

    /** Blocking connectors on the bounded-elastic scheduler. */
    final class Blocking implements RemoteCalls {

        @Override
        public <T> Mono<T> call(Party party, Callable<T> call) {
            return Mono.fromCallable(call)
                    .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
        }
    }
}
