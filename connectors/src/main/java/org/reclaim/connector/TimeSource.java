package org.reclaim.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Where the connectors read the time and wait. Every backoff, Retry-After pause, rate-limit wait
 * and circuit-breaker open period goes through one of these, so tests (and the accelerated demo)
 * run them in virtual time with {@link VirtualTime}. Only the per-call network timeout is real
 * time: it bounds a real socket.
 */
public interface TimeSource {

    Instant now();

    /** Monotonic nanoseconds, for rate limiting. */
    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;

    /** A {@link Clock} view (UTC) for libraries that take one. */
    default Clock clock() {
        TimeSource self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("a TimeSource clock is UTC");
            }

            @Override
            public Instant instant() {
                return self.now();
            }
        };
    }

    static TimeSource system() {
        return SystemTime.INSTANCE;
    }

    enum SystemTime implements TimeSource {
        INSTANCE;

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (!duration.isNegative() && !duration.isZero()) {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            }
        }
    }
}
