package org.reclaim.connector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Time that moves only when someone sleeps or {@link #advance advances} it. A sleep returns at once
 * and is recorded, so a test can assert "waited exactly 7 s" without waiting.
 */
public final class VirtualTime implements TimeSource {

    private final Instant origin;
    private long elapsedNanos;
    private final List<Duration> sleeps = new ArrayList<>();

    public VirtualTime(Instant origin) {
        this.origin = origin;
    }

    public VirtualTime() {
        this(Instant.parse("2026-01-05T09:00:00Z"));
    }

    @Override
    public synchronized Instant now() {
        return origin.plusNanos(elapsedNanos);
    }

    @Override
    public synchronized long nanoTime() {
        return elapsedNanos;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        if (duration.isNegative()) throw new IllegalArgumentException("negative sleep " + duration);
        sleeps.add(duration);
        elapsedNanos += duration.toNanos();
    }

    public synchronized void advance(Duration duration) {
        elapsedNanos += duration.toNanos();
    }

    /** Every sleep so far, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    public synchronized Duration slept() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
