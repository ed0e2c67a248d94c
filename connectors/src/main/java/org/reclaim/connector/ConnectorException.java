package org.reclaim.connector;

import java.time.Instant;
import java.util.Optional;

/**
 * A call to an outside party that did not get an answer: the transport failed on every attempt, the
 * breaker is open, or the party refused our credentials. Business answers (a rejected file, an
 * upheld appeal) are never this exception: they come back as data.
 */
public final class ConnectorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** no answer within the call timeout, on the last attempt */
        TIMEOUT,
        /** connection refused, reset, DNS, TLS: an I/O failure */
        UNREACHABLE,
        /** 5xx (or 408) on the last attempt */
        SERVER_ERROR,
        /**
         * 429 on the last attempt, or a Retry-After longer than the connector will wait in place
         */
        THROTTLED,
        /** the circuit breaker is open: no request was sent */
        CIRCUIT_OPEN,
        /** too many calls in flight to this party: no request was sent */
        BULKHEAD_FULL,
        /** the rate limit would make this call wait too long: no request was sent */
        RATE_LIMITED,
        /** 401/407/403: the configured credentials are wrong; retrying will not help */
        NOT_AUTHORIZED,
        /** the answer could not be understood (not the JSON of the contract) */
        PROTOCOL,
        /** the waiting thread was interrupted */
        INTERRUPTED,
        /**
         * the connector's URL is refused by the host policy (its host resolves to a non-public
         * address, or plain http to a host not allowed it): no request was sent
         */
        HOST_REFUSED
    }

    private final Kind kind;
    private final String connector;
    private final String operation;
    private final int attempts;
    private final Instant retryAfter;

    public ConnectorException(
            Kind kind,
            String connector,
            String operation,
            int attempts,
            Instant retryAfter,
            String detail,
            Throwable cause) {
        super(
                connector
                        + " "
                        + operation
                        + ": "
                        + describe(kind)
                        + (attempts > 0
                                ? " after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                                : "")
                        + (detail == null ? "" : " (" + detail + ")"),
                cause);
        this.kind = kind;
        this.connector = connector;
        this.operation = operation;
        this.attempts = attempts;
        this.retryAfter = retryAfter;
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case TIMEOUT -> "timed out";
            case UNREACHABLE -> "unreachable";
            case SERVER_ERROR -> "server error";
            case THROTTLED -> "throttled";
            case CIRCUIT_OPEN -> "circuit breaker open, request not sent";
            case BULKHEAD_FULL -> "too many concurrent calls, request not sent";
            case RATE_LIMITED -> "rate limit exceeded, request not sent";
            case NOT_AUTHORIZED -> "credentials refused";
            case PROTOCOL -> "unexpected answer";
            case INTERRUPTED -> "interrupted";
            case HOST_REFUSED -> "host refused, request not sent";
        };
    }

    public Kind kind() {
        return kind;
    }

    public String connector() {
        return connector;
    }

    public String operation() {
        return operation;
    }

    /** Requests actually attempted (0 when none was sent). */
    public int attempts() {
        return attempts;
    }

    /** The earliest moment a new attempt makes sense, when the other side named one. */
    public Optional<Instant> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether trying the same call later (with the same idempotency key) may succeed. */
    public boolean retryableLater() {
        return kind != Kind.NOT_AUTHORIZED && kind != Kind.PROTOCOL && kind != Kind.HOST_REFUSED;
    }
}
