package org.reclaim.chaos;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.reclaim.core.AgentClock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * SIMULATED, profile {@code chaos} only: the service's clock as the harness computes it, a pure
 * function of the real time ({@link #at}), so that every child JVM of one run — a restarted one, or
 * a second instance — and the harness's payer agree on the time whatever was killed when. Prints
 * {@code chaos: ready} when the service is up and the heap's peak use every second, for the harness
 * to read.
 */
@Component
@Profile("chaos")
class ChaosClock {

    private final AgentClock clock;
    private final long origin;
    private final Duration speed;
    private final ScheduledExecutorService ticks =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "chaos-clock");
                        t.setDaemon(true);
                        return t;
                    });

    ChaosClock(
            AgentClock clock,
            @Value("${reclaim.chaos.origin}") long origin,
            @Value("${reclaim.chaos.speed}") Duration speed) {
        this.clock = clock;
        this.origin = origin;
        this.speed = speed;
        clock.advanceTo(at(origin, speed, System.currentTimeMillis()));
        ticks.scheduleAtFixedRate(
                () -> clock.advanceTo(at(origin, speed, System.currentTimeMillis())),
                0,
                20,
                TimeUnit.MILLISECONDS);
    }

    /**
     * The run's time at real epoch millisecond {@code now}: the origin, plus {@code speed} of
     * simulated time for every real second since.
     */
    static Instant at(long origin, Duration speed, long now) {
        long realMillis = Math.max(0, now - origin);
        return Instant.ofEpochMilli(origin)
                .plusMillis(realMillis)
                .plus(speed.multipliedBy(realMillis).dividedBy(1000));
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        System.out.println("chaos: ready at " + clock.instant());
        ticks.scheduleAtFixedRate(
                () -> System.out.println("chaos: heap-peak " + heapPeak()), 0, 1, TimeUnit.SECONDS);
    }

    /** The sum of the heap pools' peak use since the JVM started, in bytes. */
    static long heapPeak() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null)
                peak += p.getPeakUsage().getUsed();
        }
        return peak;
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        ticks.shutdownNow();
    }

    Duration speed() {
        return speed;
    }
}
