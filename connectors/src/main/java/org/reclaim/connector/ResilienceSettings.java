package org.reclaim.connector;

import java.time.Duration;
import java.util.Objects;

/**
 * The resilience policy of one connector instance (one clearinghouse, one payer portal).
 *
 * @param callTimeout how long one attempt may take before it is abandoned (real time)
 * @param maxAttempts attempts per call, the first included (1 = no retry)
 * @param initialBackoff wait before the second attempt
 * @param backoffMultiplier each further wait is the previous one times this
 * @param maxBackoff cap of a computed wait; also the longest {@code Retry-After} honoured in place
 *     — a longer one ends the call with {@link ConnectorException#retryAfter()} set, so that the
 *     caller schedules the retry instead of holding a thread
 * @param failureRateThreshold percentage of transport faults in the window that opens the breaker
 * @param slidingWindowSize number of recent calls the failure rate is computed over (and the
 *     minimum number of calls before the breaker may open)
 * @param openDuration how long the breaker stays open before letting trial calls through
 * @param rateLimitCalls calls allowed per {@code rateLimitPeriod}
 * @param rateLimitPeriod the rate-limit period
 * @param maxConcurrentCalls bulkhead: calls in flight at once; a further call waits for a slot up
 *     to {@code callTimeout} (real time), then fails as {@code BULKHEAD_FULL}
 */
public record ResilienceSettings(
        Duration callTimeout,
        int maxAttempts,
        Duration initialBackoff,
        double backoffMultiplier,
        Duration maxBackoff,
        float failureRateThreshold,
        int slidingWindowSize,
        Duration openDuration,
        int rateLimitCalls,
        Duration rateLimitPeriod,
        int maxConcurrentCalls) {

    public ResilienceSettings {
        positive(callTimeout, "callTimeout");
        positive(initialBackoff, "initialBackoff");
        positive(maxBackoff, "maxBackoff");
        positive(openDuration, "openDuration");
        positive(rateLimitPeriod, "rateLimitPeriod");
        if (maxAttempts < 1)
            throw new IllegalArgumentException(
                    "maxAttempts must be at least 1, was " + maxAttempts);
        if (!(backoffMultiplier >= 1.0)) {
            throw new IllegalArgumentException(
                    "backoffMultiplier must be at least 1, was " + backoffMultiplier);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff "
                            + maxBackoff
                            + " is shorter than initialBackoff "
                            + initialBackoff);
        }
        if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
            throw new IllegalArgumentException(
                    "failureRateThreshold is a percentage in (0, 100], was "
                            + failureRateThreshold);
        }
        if (slidingWindowSize < 1)
            throw new IllegalArgumentException("slidingWindowSize must be at least 1");
        if (rateLimitCalls < 1)
            throw new IllegalArgumentException("rateLimitCalls must be at least 1");
        if (maxConcurrentCalls < 1)
            throw new IllegalArgumentException("maxConcurrentCalls must be at least 1");
    }

    /**
     * Conservative defaults for a remote party: 30 s per attempt, 4 attempts backing off 2 s, 4 s,
     * 8 s (at most 60 s), breaker at 50 % of 20 calls for 60 s, 5 calls per second, 4 at once.
     */
    public static ResilienceSettings defaults() {
        return new ResilienceSettings(
                Duration.ofSeconds(30),
                4,
                Duration.ofSeconds(2),
                2.0,
                Duration.ofSeconds(60),
                50f,
                20,
                Duration.ofSeconds(60),
                5,
                Duration.ofSeconds(1),
                4);
    }

    public ResilienceSettings withCallTimeout(Duration value) {
        return new ResilienceSettings(
                value,
                maxAttempts,
                initialBackoff,
                backoffMultiplier,
                maxBackoff,
                failureRateThreshold,
                slidingWindowSize,
                openDuration,
                rateLimitCalls,
                rateLimitPeriod,
                maxConcurrentCalls);
    }

    public ResilienceSettings withMaxAttempts(int value) {
        return new ResilienceSettings(
                callTimeout,
                value,
                initialBackoff,
                backoffMultiplier,
                maxBackoff,
                failureRateThreshold,
                slidingWindowSize,
                openDuration,
                rateLimitCalls,
                rateLimitPeriod,
                maxConcurrentCalls);
    }

    public ResilienceSettings withBackoff(Duration initial, double multiplier, Duration max) {
        return new ResilienceSettings(
                callTimeout,
                maxAttempts,
                initial,
                multiplier,
                max,
                failureRateThreshold,
                slidingWindowSize,
                openDuration,
                rateLimitCalls,
                rateLimitPeriod,
                maxConcurrentCalls);
    }

    public ResilienceSettings withCircuitBreaker(float threshold, int window, Duration open) {
        return new ResilienceSettings(
                callTimeout,
                maxAttempts,
                initialBackoff,
                backoffMultiplier,
                maxBackoff,
                threshold,
                window,
                open,
                rateLimitCalls,
                rateLimitPeriod,
                maxConcurrentCalls);
    }

    public ResilienceSettings withRateLimit(int calls, Duration period) {
        return new ResilienceSettings(
                callTimeout,
                maxAttempts,
                initialBackoff,
                backoffMultiplier,
                maxBackoff,
                failureRateThreshold,
                slidingWindowSize,
                openDuration,
                calls,
                period,
                maxConcurrentCalls);
    }

    public ResilienceSettings withMaxConcurrentCalls(int value) {
        return new ResilienceSettings(
                callTimeout,
                maxAttempts,
                initialBackoff,
                backoffMultiplier,
                maxBackoff,
                failureRateThreshold,
                slidingWindowSize,
                openDuration,
                rateLimitCalls,
                rateLimitPeriod,
                value);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero())
            throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
}
