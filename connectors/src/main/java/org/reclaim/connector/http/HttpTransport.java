package org.reclaim.connector.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import org.reclaim.common.Json;
import org.reclaim.common.JsonObject;
import org.reclaim.connector.ConnectorException;
import org.reclaim.connector.Resilience;
import org.reclaim.connector.ResilienceSettings;
import org.reclaim.connector.TimeSource;
import org.reclaim.connector.TransportFault;

/**
 * Blocking HTTP to one outside party through its {@link Resilience} policy: java.net.http, the
 * configured credential header on every request, 5xx/408/429 turned into retried {@link
 * TransportFault}s, 401/403/407 into {@link ConnectorException.Kind#NOT_AUTHORIZED}. Every other
 * status — a 2xx, or a 4xx that answers the request itself — comes back as an {@link Answer} for
 * the client to read as data. Redirects are never followed (a 3xx is an answer). Before every
 * request its URL is checked against the {@link HostPolicy} (the name is resolved again: it may
 * point elsewhere than when the setting was saved); a refused one is a {@link
 * ConnectorException.Kind#HOST_REFUSED} with nothing sent.
 */
public final class HttpTransport {

    /** One HTTP answer that is not a transport fault. */
    public record Answer(int status, HttpHeaders headers, byte[] body) {

        public boolean successful() {
            return status >= 200 && status < 300;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as a JSON object; an empty body is an empty object. */
        public JsonObject json() {
            String text = text().strip();
            return text.isEmpty() ? new JsonObject(java.util.Map.of()) : JsonObject.parse(text);
        }
    }

    private final String name;
    private final URI base;
    private final String authHeaderName;
    private final String authHeaderValue;
    private final Resilience resilience;
    private final TimeSource time;
    private final HttpClient client;
    private final HostPolicy hosts;
    private final long maxResponseBytes;

    /** The default cap on one answer's body: 64 MiB (reclaim.limits.partner-response-bytes). */
    public static final long DEFAULT_RESPONSE_BYTES = 64L * 1024 * 1024;

    /**
     * @param base the party's base URL; request paths are appended to it
     * @param authHeaderName header carrying the credential (e.g. {@code Authorization}); null for
     *     none
     * @param authHeaderValue its value, a secret: never logged, never in a message
     * @param hosts the hosts this transport may reach
     */
    public HttpTransport(
            String name,
            URI base,
            String authHeaderName,
            String authHeaderValue,
            ResilienceSettings settings,
            TimeSource time,
            HostPolicy hosts) {
        this(
                name,
                base,
                authHeaderName,
                authHeaderValue,
                settings,
                time,
                hosts,
                DEFAULT_RESPONSE_BYTES);
    }

    /**
     * @param maxResponseBytes the largest answer body taken: a longer one fails the call with a
     *     {@link ConnectorException.Kind#PROTOCOL} naming the cap, and is not read further
     */
    public HttpTransport(
            String name,
            URI base,
            String authHeaderName,
            String authHeaderValue,
            ResilienceSettings settings,
            TimeSource time,
            HostPolicy hosts,
            long maxResponseBytes) {
        if (maxResponseBytes < 1)
            throw new IllegalArgumentException(name + ": the response cap must be positive");
        this.maxResponseBytes = maxResponseBytes;
        this.name = Objects.requireNonNull(name, "name");
        this.base = withoutTrailingSlash(Objects.requireNonNull(base, "base"));
        this.authHeaderName =
                authHeaderName == null || authHeaderName.isBlank() ? null : authHeaderName;
        this.authHeaderValue = authHeaderValue;
        if (this.authHeaderName != null && (authHeaderValue == null || authHeaderValue.isBlank())) {
            throw new IllegalArgumentException(
                    name + ": header " + authHeaderName + " is configured without a value");
        }
        this.time = Objects.requireNonNull(time, "time");
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.resilience = Resilience.of(name, settings, time);
        this.client =
                HttpClient.newBuilder()
                        .connectTimeout(settings.callTimeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    public String name() {
        return name;
    }

    public Resilience resilience() {
        return resilience;
    }

    /** {@code base + path}; {@code path} starts with '/' and is already encoded. */
    public URI uri(String path) {
        return URI.create(base + path);
    }

    /**
     * Sends the request (built once, sent on every attempt) and returns the first answer that is
     * not a transport fault.
     */
    public Answer send(String operation, HttpRequest.Builder request) {
        if (authHeaderName != null) request.setHeader(authHeaderName, authHeaderValue);
        HttpRequest built = request.timeout(resilience.settings().callTimeout()).build();
        hosts.refusal(built.uri())
                .ifPresent(
                        why -> {
                            throw new ConnectorException(
                                    ConnectorException.Kind.HOST_REFUSED,
                                    name,
                                    operation,
                                    0,
                                    null,
                                    built.uri().getHost() + ": " + why,
                                    null);
                        });
        HttpResponse<CappedBody.Body> response =
                resilience.call(
                        operation,
                        () -> client.sendAsync(built, CappedBody.handler(maxResponseBytes)),
                        this::checkTransport);
        int status = response.statusCode();
        CappedBody.Body body = response.body();
        if (body != null && body.over()) {
            throw new ConnectorException(
                    ConnectorException.Kind.PROTOCOL,
                    name,
                    operation,
                    1,
                    null,
                    "HTTP "
                            + status
                            + " answer larger than the cap reclaim.limits.partner-response-bytes ("
                            + maxResponseBytes
                            + " bytes): "
                            + body.seen()
                            + " bytes seen, not read further",
                    null);
        }
        if (status == 401 || status == 403 || status == 407) {
            throw new ConnectorException(
                    ConnectorException.Kind.NOT_AUTHORIZED,
                    name,
                    operation,
                    1,
                    null,
                    "HTTP " + status,
                    null);
        }
        return new Answer(status, response.headers(), body == null ? new byte[0] : body.bytes());
    }

    /**
     * Reads a JSON answer, turning text that is not the contract's JSON into a PROTOCOL failure.
     */
    public JsonObject json(String operation, Answer answer) {
        try {
            return answer.json();
        } catch (Json.JsonException e) {
            throw protocol(
                    operation,
                    "HTTP " + answer.status() + " with a body that is not JSON: " + e.getMessage());
        }
    }

    public ConnectorException protocol(String operation, String detail) {
        return new ConnectorException(
                ConnectorException.Kind.PROTOCOL, name, operation, 1, null, detail, null);
    }

    private void checkTransport(HttpResponse<?> response) throws TransportFault {
        int status = response.statusCode();
        if (status >= 500 || status == 408 || status == 429) {
            Duration retryAfter =
                    response.headers()
                            .firstValue("Retry-After")
                            .flatMap(v -> retryAfter(v, time.now()))
                            .orElse(null);
            throw new TransportFault(status, retryAfter, "HTTP " + status);
        }
    }

    /**
     * Parses a {@code Retry-After} value: delta-seconds or an HTTP date (RFC 9110 §10.2.3). A date
     * in the past means "now"; anything unreadable is ignored (the computed backoff applies).
     */
    public static Optional<Duration> retryAfter(String value, Instant now) {
        String v = value.strip();
        if (v.isEmpty()) return Optional.empty();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Percent-encodes everything but RFC 3986 unreserved characters: safe in a path segment and a
     * query.
     */
    public static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * The refusal text of a 4xx answer: {@code reason}, {@code detail} or {@code title}, else the
     * body.
     */
    public static String reason(Answer answer) {
        try {
            JsonObject body = answer.json();
            return body.string("reason")
                    .or(() -> body.string("detail"))
                    .or(() -> body.string("title"))
                    .orElse("HTTP " + answer.status());
        } catch (RuntimeException notJson) {
            String text = answer.text().strip();
            return text.isEmpty()
                    ? "HTTP " + answer.status()
                    : text.length() > 500 ? text.substring(0, 500) : text;
        }
    }

    private static URI withoutTrailingSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }
}
