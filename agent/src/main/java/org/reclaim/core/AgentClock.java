package org.reclaim.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service's one clock: the system's, shifted by an offset that only the demo's accelerated
 * clock and tests move (forward only), so weeks of playbook waits pass in seconds. Production code
 * never shifts it.
 */
public final class AgentClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public AgentClock(Clock base) {
        this.base = base;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        AgentClock self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId z) {
                return self.withZone(z);
            }

            @Override
            public Instant instant() {
                return self.instant();
            }
        };
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    /** Moves time forward to {@code at} (never back). */
    public void advanceTo(Instant at) {
        offset.updateAndGet(
                o -> {
                    Duration wanted = Duration.between(base.instant(), at);
                    return wanted.compareTo(o) > 0 ? wanted : o;
                });
    }

    /**
     * Back to the system's time, for a test that starts on an empty database: each test has its own
     * clock, whatever an earlier test moved. The service never calls it (ArchitectureRulesTest).
     */
    public void restartForTest() {
        offset.set(Duration.ZERO);
    }

    public void advanceBy(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("time only moves forward");
        offset.updateAndGet(o -> o.plus(d));
    }
}
