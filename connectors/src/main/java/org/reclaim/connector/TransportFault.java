package org.reclaim.connector;

import java.time.Duration;
import java.util.Optional;

/**
 * An answer that says nothing about the request itself, only that the other side could not deal
 * with it now: a 5xx, a 408, or a 429 "slow down". Thrown inside an attempt so that {@link
 * Resilience} retries it; never used for an answer about the business (a refusal, a denial), which
 * is data.
 */
public final class TransportFault extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Duration retryAfter;

    public TransportFault(int status, Duration retryAfter, String message) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** The wait the other side asked for ({@code Retry-After}), if it asked. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Whether this fault says the other side is unhealthy. A 429 does not: the party is up and asks
     * us to slow down, which the retry honours without counting it against the breaker.
     */
    public boolean countsAgainstBreaker() {
        return status != 429;
    }
}
