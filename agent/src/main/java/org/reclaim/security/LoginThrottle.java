package org.reclaim.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.authentication.LockedException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Failed logins per source address. A source with {@code sourceMaxFailures} failed logins is
 * refused for a while, without a password being hashed; each refusal period after the first is
 * twice as long as the one before, up to {@code sourceBackoffMax}. A success from the source clears
 * its record. An attempt counts before its password is hashed, so parallel guesses from a source
 * cannot run more hashes than its allowance. This bounds the hashing work one source can cause and
 * keeps one source from locking an account again and again.
 *
 * <p>The source travels in the Reactor context ({@link #from}); sign-ins without one (the service's
 * own) are not throttled.
 */
@Component
public class LoginThrottle {

    private static final Object KEY = LoginThrottle.class;

    /** Above this many tracked sources, those not refused at the moment are forgotten. */
    private static final int MAX_SOURCES = 10_000;

    private record State(int failures, int inFlight, int strikes, Instant refusedUntil) {}

    private final ConcurrentHashMap<String, State> sources = new ConcurrentHashMap<>();
    private final SecurityProperties props;
    private final Clock clock;

    LoginThrottle(SecurityProperties props, Clock clock) {
        this.props = props;
        this.clock = clock;
    }

    /** Puts the request's source address into the Reactor context. */
    public static Context from(Context ctx, String source) {
        return source == null ? ctx : ctx.put(KEY, source);
    }

    /**
     * Runs {@code attempt} under the throttle of the context's source: refused with a {@link
     * LockedException} while the source is refused. An error {@code failure} accepts counts as a
     * failed login; a success clears the source's record; anything else only ends the attempt.
     */
    public <T> Mono<T> guard(Mono<T> attempt, java.util.function.Predicate<Throwable> failure) {
        return Mono.deferContextual(
                ctx -> {
                    String source = ctx.getOrDefault(KEY, null);
                    if (source == null) return attempt;
                    Instant now = clock.instant();
                    String refused = acquire(source, now);
                    if (refused != null) return Mono.error(new LockedException(refused));
                    return attempt.doOnSuccess(v -> release(source, Outcome.SUCCEEDED))
                            .doOnError(
                                    e ->
                                            release(
                                                    source,
                                                    failure.test(e)
                                                            ? Outcome.FAILED
                                                            : Outcome.NEITHER))
                            .doOnCancel(() -> release(source, Outcome.NEITHER));
                });
    }

    private enum Outcome {
        SUCCEEDED,
        FAILED,
        NEITHER
    }

    /** Reserves an attempt; the reason for refusing it, or null. */
    private String acquire(String source, Instant now) {
        if (sources.size() > MAX_SOURCES) {
            sources.values()
                    .removeIf(
                            s ->
                                    s.inFlight() == 0
                                            && (s.refusedUntil() == null
                                                    || !s.refusedUntil().isAfter(now)));
        }
        String[] refused = {null};
        sources.compute(
                source,
                (k, s) -> {
                    if (s == null) s = new State(0, 0, 0, null);
                    if (s.refusedUntil() != null) {
                        if (s.refusedUntil().isAfter(now)) {
                            refused[0] = refusal(s.refusedUntil(), now);
                            return s;
                        }
                        // the period is over: one more try, and a failure refuses it for longer
                        s =
                                new State(
                                        Math.max(0, props.sourceMaxFailures() - 1),
                                        s.inFlight(),
                                        s.strikes(),
                                        null);
                    }
                    if (s.failures() + s.inFlight() >= props.sourceMaxFailures()) {
                        // the allowance is reserved by attempts still running
                        refused[0] =
                                "too many login attempts from this address at once; try again"
                                        + " shortly";
                        return s;
                    }
                    return new State(s.failures(), s.inFlight() + 1, s.strikes(), s.refusedUntil());
                });
        return refused[0];
    }

    private void release(String source, Outcome outcome) {
        Instant now = clock.instant();
        sources.computeIfPresent(
                source,
                (k, s) -> {
                    int inFlight = Math.max(0, s.inFlight() - 1);
                    return switch (outcome) {
                        case SUCCEEDED -> inFlight == 0 ? null : new State(0, inFlight, 0, null);
                        case NEITHER ->
                                new State(s.failures(), inFlight, s.strikes(), s.refusedUntil());
                        case FAILED -> {
                            State failed =
                                    new State(
                                            s.failures() + 1,
                                            inFlight,
                                            s.strikes(),
                                            s.refusedUntil());
                            yield failed.failures() >= props.sourceMaxFailures()
                                    ? block(failed, now)
                                    : failed;
                        }
                    };
                });
    }

    /** Refuses the source: the first time for the base backoff, then twice as long each time. */
    private State block(State s, Instant now) {
        Duration d = props.sourceBackoff();
        for (int i = 0; i < s.strikes() && d.compareTo(props.sourceBackoffMax()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        if (d.compareTo(props.sourceBackoffMax()) > 0) d = props.sourceBackoffMax();
        return new State(s.failures(), s.inFlight(), s.strikes() + 1, now.plus(d));
    }

    private static String refusal(Instant until, Instant now) {
        long seconds = Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
        return "too many failed logins from this address; try again in " + seconds + " s";
    }
}
