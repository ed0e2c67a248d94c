package org.reclaim.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.reclaim.connector.http.HostPolicy;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.Ids;
import org.reclaim.core.Page;
import org.reclaim.partner.SecretBox;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A practice's webhook endpoints and their delivery logs. Every query runs under the caller's
 * row-level security, so another practice's endpoint is not found.
 */
@Service
public class Webhooks {

    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 256;
    static final int MAX_ENDPOINTS = 20;

    private final DatabaseClient db;
    private final SecretBox box;
    private final HostPolicy hosts;
    private final Clock clock;

    Webhooks(DatabaseClient db, SecretBox box, HostPolicy hosts, Clock clock) {
        this.db = db;
        this.box = box;
        this.hosts = hosts;
        this.clock = clock;
    }

    /**
     * An endpoint as the API shows it: never its secret, only the secret's last four characters.
     */
    public record Endpoint(
            UUID id, String url, List<String> kinds, String secretHint, Instant createdAt) {}

    /** One event's delivery to one endpoint. */
    public record Delivery(
            UUID id,
            UUID eventId,
            String kind,
            String status,
            int attempts,
            Integer lastStatus,
            String lastError,
            Instant createdAt,
            Instant lastTriedAt,
            Instant nextTryAt,
            Instant deliveredAt) {}

    /** Registers an endpoint; a bad field is a 400 naming it. */
    public Mono<Endpoint> create(UUID practice, String url, String secret, List<String> kinds) {
        URI uri = url(url);
        if (secret == null || secret.isBlank())
            return Mono.error(new BadRequestException("secret: required"));
        if (secret.length() < MIN_SECRET || secret.length() > MAX_SECRET)
            return Mono.error(
                    new BadRequestException(
                            "secret: must be "
                                    + MIN_SECRET
                                    + " to "
                                    + MAX_SECRET
                                    + " characters (use a random value)"));
        List<String> wanted = kinds(kinds);
        return Mono.fromCallable(() -> hosts.refusal(uri))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(
                        why ->
                                why.isPresent()
                                        ? Mono.error(new BadRequestException("url: " + why.get()))
                                        : Mono.just(uri))
                .then(
                        db.sql("SELECT count(*) AS n FROM webhook_endpoint WHERE practice_id = :p")
                                .bind("p", practice)
                                .map(r -> r.get("n", Long.class))
                                .one())
                .flatMap(
                        n -> {
                            if (n >= MAX_ENDPOINTS)
                                return Mono.error(
                                        new BadRequestException(
                                                "url: a practice may register at most "
                                                        + MAX_ENDPOINTS
                                                        + " endpoints; delete one first"));
                            UUID id = Ids.next();
                            Instant now = clock.instant();
                            String hint = "****" + secret.substring(secret.length() - 4);
                            return db.sql(
                                            """
                                    INSERT INTO webhook_endpoint (id, practice_id, url, secret, secret_hint, kinds, created_at)
                                    VALUES (:id, :p, :url, :secret, :hint, :kinds, :now)""")
                                    .bind("id", id)
                                    .bind("p", practice)
                                    .bind("url", uri.toString())
                                    .bind("secret", box.seal(secret))
                                    .bind("hint", hint)
                                    .bind("kinds", wanted.toArray(String[]::new))
                                    .bind("now", now.atOffset(ZoneOffset.UTC))
                                    .then()
                                    .thenReturn(
                                            new Endpoint(id, uri.toString(), wanted, hint, now));
                        });
    }

    private static URI url(String url) {
        if (url == null || url.isBlank()) throw new BadRequestException("url: required");
        try {
            URI uri = new URI(url.strip());
            if (!uri.isAbsolute())
                throw new BadRequestException("url: must be an absolute https URL");
            if (uri.getRawFragment() != null)
                throw new BadRequestException("url: must not have a fragment (#...)");
            return uri;
        } catch (URISyntaxException e) {
            throw new BadRequestException("url: not a URL (" + e.getReason() + ")");
        }
    }

    private static List<String> kinds(List<String> kinds) {
        if (kinds == null || kinds.isEmpty())
            throw new BadRequestException("kinds: name at least one of " + WebhookKind.known());
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < kinds.size(); i++) {
            String k = kinds.get(i);
            if (k == null || WebhookKind.of(k.strip()).isEmpty())
                throw new BadRequestException(
                        "kinds["
                                + i
                                + "]: unknown kind "
                                + (k == null ? "null" : "'" + k + "'")
                                + " (known: "
                                + WebhookKind.known()
                                + ")");
            out.add(k.strip());
        }
        return new ArrayList<>(out);
    }

    /** The endpoints of {@code practice}, oldest first. */
    public Mono<List<Endpoint>> list(UUID practice) {
        return db.sql(
                        "SELECT id, url, kinds, secret_hint, created_at FROM webhook_endpoint"
                                + " WHERE practice_id = :p ORDER BY created_at, id")
                .bind("p", practice)
                .map(Webhooks::endpoint)
                .all()
                .collectList();
    }

    /** One endpoint the caller may see. */
    public Mono<Endpoint> one(UUID id) {
        return db.sql(
                        "SELECT id, url, kinds, secret_hint, created_at FROM webhook_endpoint"
                                + " WHERE id = :id")
                .bind("id", id)
                .map(Webhooks::endpoint)
                .one();
    }

    private static Endpoint endpoint(io.r2dbc.spi.Readable r) {
        return new Endpoint(
                r.get("id", UUID.class),
                r.get("url", String.class),
                List.of(r.get("kinds", String[].class)),
                r.get("secret_hint", String.class),
                r.get("created_at", OffsetDateTime.class).toInstant());
    }

    /**
     * Deletes an endpoint the caller may see, with its delivery log and what it had still to be
     * delivered.
     *
     * @return whether there was one
     */
    public Mono<Boolean> delete(UUID id) {
        return db.sql("DELETE FROM webhook_endpoint WHERE id = :id")
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .map(n -> n > 0);
    }

    /** An endpoint's deliveries, newest first; empty when the caller cannot see the endpoint. */
    public Mono<Page<Delivery>> deliveries(UUID endpoint, Page.Request page) {
        return one(endpoint)
                .flatMap(
                        e ->
                                Page.of(
                                        page,
                                        db.sql(
                                                        """
                                        SELECT id, event_id, kind, status, attempts, last_status, last_error,
                                               created_at, last_try_at, next_try_at, delivered_at
                                        FROM webhook_delivery WHERE endpoint_id = :e
                                        ORDER BY seq DESC LIMIT :limit OFFSET :offset""")
                                                .bind("e", endpoint)
                                                .bind("limit", page.size())
                                                .bind("offset", page.offset())
                                                .map(
                                                        r -> {
                                                            String status =
                                                                    r.get("status", String.class);
                                                            return new Delivery(
                                                                    r.get("id", UUID.class),
                                                                    r.get("event_id", UUID.class),
                                                                    r.get("kind", String.class),
                                                                    status,
                                                                    r.get(
                                                                            "attempts",
                                                                            Integer.class),
                                                                    r.get(
                                                                            "last_status",
                                                                            Integer.class),
                                                                    r.get(
                                                                            "last_error",
                                                                            String.class),
                                                                    instant(r, "created_at"),
                                                                    instant(r, "last_try_at"),
                                                                    "PENDING".equals(status)
                                                                            ? instant(
                                                                                    r,
                                                                                    "next_try_at")
                                                                            : null,
                                                                    instant(r, "delivered_at"));
                                                        })
                                                .all()
                                                .collectList(),
                                        db.sql(
                                                        "SELECT count(*) AS n FROM webhook_delivery"
                                                                + " WHERE endpoint_id = :e")
                                                .bind("e", endpoint)
                                                .map(r -> r.get("n", Long.class))
                                                .one()));
    }

    private static Instant instant(io.r2dbc.spi.Readable r, String column) {
        OffsetDateTime t = r.get(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
