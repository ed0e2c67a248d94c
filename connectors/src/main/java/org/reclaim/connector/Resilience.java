package org.reclaim.connector;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The named resilience policy of one connector instance: per attempt a circuit breaker, a rate
 * limiter, a bulkhead and a time limiter (resilience4j), around them a retry with exponential
 * backoff that honours {@code Retry-After}.
 *
 * <p>Only transport faults count: {@link IOException}, timeouts and {@link TransportFault}s (5xx,
 * 408, 429) are retried, and all but 429 are recorded by the breaker. Anything else is ignored by
 * the breaker — and a business answer never reaches here as an exception at all: clients return it
 * as data.
 *
 * <p>The retry loop is ours rather than {@code Retry.executeCallable}: resilience4j's retry sleeps
 * through a process-wide static function, whereas every wait here (backoff, Retry-After, rate
 * limit, open breaker) must go through this instance's {@link TimeSource}. The policy itself —
 * which failures are retried and how long to wait — is a resilience4j {@link RetryConfig}.
 *
 * <p>Blocking: call from a thread that may block (the service uses a bounded-elastic scheduler).
 */
public final class Resilience {

    /** Longest wait for a rate-limit permit before the call is refused as {@code RATE_LIMITED}. */
    static final Duration LONGEST_RATE_WAIT = Duration.ofMinutes(5);

    /** Checks a completed answer; throws for one that is a transport fault (e.g. a 503). */
    @FunctionalInterface
    public interface ResultCheck<T> {
        void check(T result) throws TransportFault;
    }

    private final String name;
    private final ResilienceSettings settings;
    private final TimeSource time;
    private final RetryConfig retry;
    private final CircuitBreaker breaker;
    private final RateLimiter rateLimiter;
    private final Bulkhead bulkhead;
    private final TimeLimiter timeLimiter;

    /** When the breaker last opened (its open period ends {@code openDuration} later). */
    private final java.util.concurrent.atomic.AtomicReference<Instant> opened =
            new java.util.concurrent.atomic.AtomicReference<>();

    private Resilience(String name, ResilienceSettings settings, TimeSource time) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.time = Objects.requireNonNull(time, "time");
        IntervalFunction backoff =
                IntervalFunction.ofExponentialBackoff(
                        settings.initialBackoff(),
                        settings.backoffMultiplier(),
                        settings.maxBackoff());
        this.retry =
                RetryConfig.custom()
                        .maxAttempts(settings.maxAttempts())
                        .retryOnException(Resilience::isRetryable)
                        .intervalBiFunction(
                                (Integer attempt, Either<Throwable, Object> outcome) -> {
                                    if (outcome.isLeft()
                                            && unwrap(outcome.getLeft())
                                                    instanceof TransportFault fault
                                            && fault.retryAfter().isPresent()) {
                                        return fault.retryAfter().get().toMillis();
                                    }
                                    return backoff.apply(attempt);
                                })
                        .build();
        int window = settings.slidingWindowSize();
        this.breaker =
                CircuitBreaker.of(
                        name,
                        CircuitBreakerConfig.custom()
                                .failureRateThreshold(settings.failureRateThreshold())
                                .slidingWindow(window, window, SlidingWindowType.COUNT_BASED)
                                .waitDurationInOpenState(settings.openDuration())
                                .permittedNumberOfCallsInHalfOpenState(Math.min(3, window))
                                .recordException(Resilience::countsAgainstBreaker)
                                .ignoreException(t -> !countsAgainstBreaker(t))
                                .clock(time.clock())
                                .build());
        this.breaker
                .getEventPublisher()
                .onStateTransition(
                        e -> {
                            if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN)
                                opened.set(time.now());
                        });
        this.rateLimiter =
                RateLimiter.of(
                        name,
                        RateLimiterConfig.custom()
                                .limitForPeriod(settings.rateLimitCalls())
                                .limitRefreshPeriod(settings.rateLimitPeriod())
                                .timeoutDuration(LONGEST_RATE_WAIT)
                                .build(),
                        time::nanoTime);
        this.bulkhead =
                Bulkhead.of(
                        name,
                        BulkheadConfig.custom()
                                .maxConcurrentCalls(settings.maxConcurrentCalls())
                                .maxWaitDuration(settings.callTimeout())
                                .build());
        this.timeLimiter =
                TimeLimiter.of(
                        name,
                        TimeLimiterConfig.custom()
                                .timeoutDuration(settings.callTimeout())
                                .cancelRunningFuture(true)
                                .build());
    }

    public static Resilience of(String name, ResilienceSettings settings, TimeSource time) {
        return new Resilience(name, settings, time);
    }

    public String name() {
        return name;
    }

    public ResilienceSettings settings() {
        return settings;
    }

    public CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    /** Same as {@link #call(String, Supplier, ResultCheck)} with no check of the answer. */
    public <T> T call(String operation, Supplier<? extends Future<T>> attempt) {
        return call(operation, attempt, result -> {});
    }

    /**
     * Runs {@code attempt} (which starts one request and returns its future) until it succeeds, a
     * non-retryable failure occurs, or the attempts are spent.
     *
     * @throws ConnectorException when no usable answer was obtained
     */
    public <T> T call(
            String operation, Supplier<? extends Future<T>> attempt, ResultCheck<? super T> check) {
        int[] sent = {0};
        Throwable previous = null;
        for (int n = 1; ; n++) {
            Throwable failure;
            try {
                return once(attempt, check, sent);
            } catch (Throwable t) {
                failure = unwrap(t);
            }
            if (failure instanceof CallNotPermittedException) {
                throw new ConnectorException(
                        ConnectorException.Kind.CIRCUIT_OPEN,
                        name,
                        operation,
                        sent[0],
                        halfOpenAt(),
                        previous == null ? null : "last failure: " + describe(previous),
                        failure);
            }
            if (failure instanceof BulkheadFullException) {
                throw new ConnectorException(
                        ConnectorException.Kind.BULKHEAD_FULL,
                        name,
                        operation,
                        sent[0],
                        // a call in flight ends (answered or timed out) within the call timeout
                        time.now().plus(settings.callTimeout()),
                        null,
                        failure);
            }
            if (failure instanceof RequestNotPermitted) {
                throw new ConnectorException(
                        ConnectorException.Kind.RATE_LIMITED,
                        name,
                        operation,
                        sent[0],
                        null,
                        null,
                        failure);
            }
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(
                        ConnectorException.Kind.INTERRUPTED,
                        name,
                        operation,
                        sent[0],
                        null,
                        null,
                        failure);
            }
            if (!retry.getExceptionPredicate().test(failure)) {
                if (failure instanceof RuntimeException e) throw e;
                if (failure instanceof Error e) throw e;
                throw new ConnectorException(
                        ConnectorException.Kind.PROTOCOL,
                        name,
                        operation,
                        sent[0],
                        null,
                        failure.toString(),
                        failure);
            }
            Optional<Duration> asked =
                    failure instanceof TransportFault fault ? fault.retryAfter() : Optional.empty();
            if (n >= retry.getMaxAttempts()) throw exhausted(operation, sent[0], failure, asked);
            if (asked.isPresent() && asked.get().compareTo(settings.maxBackoff()) > 0) {
                throw new ConnectorException(
                        ConnectorException.Kind.THROTTLED,
                        name,
                        operation,
                        sent[0],
                        time.now().plus(asked.get()),
                        "asked to wait " + asked.get() + ", longer than " + settings.maxBackoff(),
                        failure);
            }
            previous = failure;
            long waitMillis = retry.<Object>getIntervalBiFunction().apply(n, Either.left(failure));
            try {
                time.sleep(Duration.ofMillis(waitMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(
                        ConnectorException.Kind.INTERRUPTED,
                        name,
                        operation,
                        sent[0],
                        null,
                        null,
                        e);
            }
        }
    }

    /**
     * When the open breaker lets a call through again (half-open): just past {@code openDuration}
     * after it opened; null when it is not open.
     */
    private Instant halfOpenAt() {
        Instant at = opened.get();
        if (at == null || breaker.getState() != CircuitBreaker.State.OPEN) return null;
        // resilience4j lets a call through once its clock is after the open period's end
        return at.plus(settings.openDuration()).plusMillis(1);
    }

    private <T> T once(
            Supplier<? extends Future<T>> attempt, ResultCheck<? super T> check, int[] sent)
            throws Throwable {
        return breaker.executeCheckedSupplier(
                () -> {
                    waitForRatePermit();
                    return bulkhead.executeCheckedSupplier(
                            () -> {
                                sent[0]++;
                                T result = timeLimiter.executeFutureSupplier(attempt);
                                check.check(result);
                                return result;
                            });
                });
    }

    private void waitForRatePermit() throws InterruptedException {
        long nanos = rateLimiter.reservePermission();
        if (nanos < 0) throw RequestNotPermitted.createRequestNotPermitted(rateLimiter);
        if (nanos > 0) time.sleep(Duration.ofNanos(nanos));
    }

    private ConnectorException exhausted(
            String operation, int sent, Throwable failure, Optional<Duration> asked) {
        ConnectorException.Kind kind;
        Instant retryAfter = asked.map(d -> time.now().plus(d)).orElse(null);
        if (failure instanceof TimeoutException || failure instanceof HttpTimeoutException) {
            kind = ConnectorException.Kind.TIMEOUT;
        } else if (failure instanceof TransportFault fault) {
            kind =
                    fault.status() == 429
                            ? ConnectorException.Kind.THROTTLED
                            : ConnectorException.Kind.SERVER_ERROR;
        } else {
            kind = ConnectorException.Kind.UNREACHABLE;
        }
        return new ConnectorException(
                kind, name, operation, sent, retryAfter, describe(failure), failure);
    }

    private String describe(Throwable failure) {
        if (failure instanceof HttpConnectTimeoutException)
            return "no connection within " + settings.callTimeout();
        if (failure instanceof TimeoutException || failure instanceof HttpTimeoutException) {
            return "no answer within " + settings.callTimeout();
        }
        return failure.getMessage() == null
                ? failure.getClass().getSimpleName()
                : failure.getMessage();
    }

    static boolean isRetryable(Throwable t) {
        Throwable cause = unwrap(t);
        return cause instanceof IOException
                || cause instanceof TimeoutException
                || cause instanceof TransportFault;
    }

    static boolean countsAgainstBreaker(Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof TransportFault fault) return fault.countsAgainstBreaker();
        return cause instanceof IOException || cause instanceof TimeoutException;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
