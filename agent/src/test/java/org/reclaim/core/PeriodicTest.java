package org.reclaim.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class PeriodicTest {

    @Test
    void aFailedPassNeitherEndsTheLoopNorOverlapsTheNext() throws InterruptedException {
        AtomicInteger passes = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch fivePasses = new CountDownLatch(5);
        Periodic loop =
                Periodic.start(
                        "test loop",
                        Duration.ZERO,
                        Duration.ofMillis(5),
                        () ->
                                Mono.defer(
                                        () -> {
                                            int now = running.incrementAndGet();
                                            mostAtOnce.accumulateAndGet(now, Math::max);
                                            int n = passes.incrementAndGet();
                                            // a pass slower than the period, and every other one
                                            // failing
                                            return Mono.delay(Duration.ofMillis(20))
                                                    .then(
                                                            n % 2 == 0
                                                                    ? Mono.error(
                                                                            new IllegalStateException(
                                                                                    "pass " + n))
                                                                    : Mono.empty())
                                                    .doOnTerminate(
                                                            () -> {
                                                                running.decrementAndGet();
                                                                fivePasses.countDown();
                                                            });
                                        }));
        try {
            assertThat(fivePasses.await(10, TimeUnit.SECONDS))
                    .as("the loop goes on after failed passes")
                    .isTrue();
        } finally {
            loop.dispose();
        }
        assertThat(mostAtOnce.get()).isEqualTo(1);
        assertThat(loop.isDisposed()).isTrue();
    }

    @Test
    void aNudgeRunsAPassAtOnceNotAtTheNextTick() throws InterruptedException {
        Sinks.Many<Object> nudges = Sinks.many().multicast().directBestEffort();
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch nudged = new CountDownLatch(2);
        Periodic loop =
                Periodic.start(
                        "test loop",
                        Duration.ZERO,
                        Duration.ofHours(1),
                        nudges.asFlux(),
                        () ->
                                Mono.fromRunnable(
                                        () -> {
                                            passes.incrementAndGet();
                                            nudged.countDown();
                                        }));
        try {
            // the first pass at once (first = 0), then none for an hour but for the nudge
            Thread.sleep(100);
            nudges.tryEmitNext("due now");
            assertThat(nudged.await(2, TimeUnit.SECONDS)).as("a pass within seconds").isTrue();
        } finally {
            loop.dispose();
        }
        assertThat(passes.get()).isEqualTo(2);
    }
}
