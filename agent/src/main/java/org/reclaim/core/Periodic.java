package org.reclaim.core;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one shape of the service's background loops (the agent's passes, the clearinghouse poller,
 * the drop-folder watcher, billing): a pass every {@code every}, never two at once (a tick that
 * comes while a pass runs is dropped), and a failed pass logged with the loop's name and tried
 * again at the next tick, never ending the loop. The durable state is in the database, so a pass
 * can always be run again.
 */
public final class Periodic implements Disposable {

    private static final Logger log = LoggerFactory.getLogger(Periodic.class);

    private final Disposable loop;

    private Periodic(Disposable loop) {
        this.loop = loop;
    }

    /** Starts the loop: the first pass after {@code first}, then one every {@code every}. */
    public static Periodic start(
            String name, Duration first, Duration every, Supplier<Mono<?>> pass) {
        Disposable loop =
                Flux.interval(first, every)
                        .onBackpressureDrop()
                        .concatMap(
                                tick ->
                                        Mono.defer(pass)
                                                .then()
                                                .onErrorResume(
                                                        e -> {
                                                            log.warn(
                                                                    "{} failed (tried again in {}): {}",
                                                                    name,
                                                                    every,
                                                                    e.toString());
                                                            return Mono.empty();
                                                        }),
                                1)
                        .subscribe();
        return new Periodic(loop);
    }

    /**
     * As {@link #start(String, Duration, Duration, Supplier)}, and a pass at once for each signal
     * of {@code nudges} (something is due now): a signal or tick that comes while a pass runs is
     * kept, one, and runs a pass right after it, so nothing signalled waits for the next tick.
     */
    public static Periodic start(
            String name, Duration first, Duration every, Flux<?> nudges, Supplier<Mono<?>> pass) {
        Disposable loop =
                Flux.merge(
                                Flux.interval(first, every).onBackpressureDrop(),
                                nudges.map(x -> -1L).onBackpressureLatest())
                        .onBackpressureLatest()
                        .concatMap(
                                tick ->
                                        Mono.defer(pass)
                                                .then()
                                                .onErrorResume(
                                                        e -> {
                                                            log.warn(
                                                                    "{} failed (tried again in {}): {}",
                                                                    name,
                                                                    every,
                                                                    e.toString());
                                                            return Mono.empty();
                                                        }),
                                1)
                        .subscribe();
        return new Periodic(loop);
    }

    @Override
    public void dispose() {
        loop.dispose();
    }

    @Override
    public boolean isDisposed() {
        return loop.isDisposed();
    }
}
