package org.reclaim.demo;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reclaim.partner.RemoteCalls;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Benchmark aid for the demo only ({@code demo --latency 500ms}): every call to the model
 * (drafting), a payer's portal and the clearinghouse answers this much later, as a slow remote
 * party would. The wait is a timer, not a sleeping thread, so the figures show what the
 * orchestrator keeps in flight while remote parties think; it counts the calls pending at once.
 */
@Component
@Profile("demo")
@ConditionalOnProperty(name = "reclaim.demo.latency")
class DemoLatency implements BeanPostProcessor {

    private final Duration latency;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger maxPending = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();

    DemoLatency(org.springframework.core.env.Environment env) {
        this.latency = Duration.parse(env.getProperty("reclaim.demo.latency"));
    }

    /** The most remote calls that were waiting at once. */
    int maxPending() {
        return maxPending.get();
    }

    /** Remote calls slowed down. */
    long calls() {
        return calls.get();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        if (!(bean instanceof RemoteCalls remote)) return bean;
        return new RemoteCalls() {
            @Override
            public <T> Mono<T> call(Party party, Callable<T> call) {
                if (party == Party.FILES) return remote.call(party, call);
                return Mono.defer(
                                () -> {
                                    calls.incrementAndGet();
                                    maxPending.accumulateAndGet(
                                            pending.incrementAndGet(), Math::max);
                                    return Mono.delay(latency)
                                            .doFinally(x -> pending.decrementAndGet());
                                })
                        .then(remote.call(party, call));
            }
        };
    }
}
