package org.reclaim.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.reclaim.connector.http.HostPolicy;
import org.reclaim.core.Periodic;
import org.reclaim.partner.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Delivers the outbox (docs/webhooks.md, "Delivery"). A pass claims due deliveries with a lease
 * ({@code FOR UPDATE SKIP LOCKED}, so several instances share the work; the lease is real time on
 * the database's clock, so a crashed instance's rows are taken again, and fenced by a token),
 * skipping any whose denial has an earlier delivery still PENDING for the same endpoint, posts each
 * signed, and records the outcome: DELIVERED on a 2xx; otherwise tried again after {@code
 * first-retry}, doubling, until {@code window} after the event, then FAILED. At least once: a
 * receiver that answered but whose answer was lost gets the same event id again.
 */
@Component
public class WebhookRelay {

    private static final Logger log = LoggerFactory.getLogger(WebhookRelay.class);
    private static final int MAX_ROUNDS = 20;

    private final DatabaseClient db;
    private final Clock clock;
    private final SecretBox box;
    private final HostPolicy hosts;
    private final WebhookProperties props;
    private final WebClient http;
    private Periodic loop;

    WebhookRelay(
            DatabaseClient db,
            Clock clock,
            SecretBox box,
            HostPolicy hosts,
            WebhookProperties props) {
        this.db = db;
        this.clock = clock;
        this.box = box;
        this.hosts = hosts;
        this.props = props;
        this.http = WebClient.builder().build();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!props.scheduled()) return;
        loop = Periodic.start("webhook relay", props.every(), props.every(), this::pass);
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (loop != null) loop.dispose();
    }

    private record Due(
            UUID id,
            UUID lease,
            UUID endpoint,
            UUID event,
            String kind,
            String body,
            int attempts,
            Instant createdAt,
            String url,
            byte[] secret) {}

    /**
     * One pass: claims and delivers due deliveries until none is due (a denial's next event is
     * claimed in the round after its earlier one is settled).
     *
     * @return how many attempts were made
     */
    public Mono<Integer> pass() {
        return round(0, 0);
    }

    private Mono<Integer> round(int n, int attempted) {
        if (n >= MAX_ROUNDS) return Mono.just(attempted);
        // one delivery per denial and endpoint is claimed at a time, so these may run side by side
        return claim().flatMap(this::attempt, 8)
                .count()
                .flatMap(
                        c ->
                                c == 0
                                        ? Mono.just(attempted)
                                        : round(n + 1, attempted + c.intValue()));
    }

    private Flux<Due> claim() {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return db.sql(
                        """
                        UPDATE webhook_delivery d
                        SET leased_until = clock_timestamp() + make_interval(secs => :lease),
                            lease_token = gen_random_uuid()
                        FROM webhook_endpoint e
                        WHERE e.id = d.endpoint_id AND d.id IN (
                            SELECT c.id FROM webhook_delivery c
                            WHERE c.status = 'PENDING' AND c.next_try_at <= :now
                              AND (c.leased_until IS NULL OR c.leased_until < clock_timestamp())
                              AND NOT EXISTS (
                                  SELECT 1 FROM webhook_delivery o
                                  WHERE o.endpoint_id = c.endpoint_id AND o.order_key = c.order_key
                                    AND o.status = 'PENDING' AND o.seq < c.seq)
                            ORDER BY c.seq LIMIT :batch
                            FOR UPDATE OF c SKIP LOCKED)
                        RETURNING d.id, d.lease_token, d.endpoint_id, d.event_id, d.kind, d.body, d.attempts,
                                  d.created_at, e.url, e.secret""")
                .bind("lease", (double) props.timeout().multipliedBy(3).toSeconds())
                .bind("now", now)
                .bind("batch", props.batch())
                .map(
                        r ->
                                new Due(
                                        r.get("id", UUID.class),
                                        r.get("lease_token", UUID.class),
                                        r.get("endpoint_id", UUID.class),
                                        r.get("event_id", UUID.class),
                                        r.get("kind", String.class),
                                        r.get("body", String.class),
                                        r.get("attempts", Integer.class),
                                        r.get("created_at", OffsetDateTime.class).toInstant(),
                                        r.get("url", String.class),
                                        r.get("secret", byte[].class)))
                .all();
    }

    /**
     * @param retryAfter the receiver's {@code Retry-After} in seconds (a 429 or 503), or null
     */
    private record Outcome(Integer status, String error, Long retryAfter) {

        Outcome(Integer status, String error) {
            this(status, error, null);
        }

        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private Mono<Outcome> post(Due d) {
        URI url = URI.create(d.url());
        return Mono.fromCallable(() -> hosts.refusal(url))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(
                        refusal -> {
                            if (refusal.isPresent())
                                return Mono.just(
                                        new Outcome(null, "url refused: " + refusal.get()));
                            long t = clock.instant().getEpochSecond();
                            return http.post()
                                    .uri(url)
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .header(
                                            Signatures.HEADER,
                                            Signatures.header(box.open(d.secret()), t, d.body()))
                                    .header("Reclaim-Event-Id", d.event().toString())
                                    .header("Reclaim-Event-Kind", d.kind())
                                    .header("Reclaim-Delivery-Attempt", "" + (d.attempts() + 1))
                                    .bodyValue(d.body())
                                    .exchangeToMono(
                                            r ->
                                                    r.releaseBody()
                                                            .thenReturn(
                                                                    new Outcome(
                                                                            r.statusCode().value(),
                                                                            r.statusCode()
                                                                                            .is2xxSuccessful()
                                                                                    ? null
                                                                                    : "HTTP "
                                                                                            + r.statusCode()
                                                                                                    .value(),
                                                                            retryAfter(
                                                                                    r.headers()
                                                                                            .header(
                                                                                                    "Retry-After")))))
                                    .timeout(props.timeout());
                        })
                .onErrorResume(e -> Mono.just(new Outcome(null, describe(e))));
    }

    /** Retry-After in seconds; an HTTP date or anything else is ignored (the backoff applies). */
    static Long retryAfter(java.util.List<String> values) {
        if (values.isEmpty()) return null;
        try {
            long s = Long.parseLong(values.get(0).strip());
            return s >= 0 ? s : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage() == null ? "" : ": " + e.getMessage();
        String s = e.getClass().getSimpleName() + m;
        return s.length() > 300 ? s.substring(0, 300) : s;
    }

    private Mono<Integer> attempt(Due d) {
        return post(d).flatMap(o -> settle(d, o)).thenReturn(1);
    }

    private Mono<Void> settle(Due d, Outcome o) {
        Instant now = clock.instant();
        if (o.delivered()) {
            return db.sql(
                            """
                            UPDATE webhook_delivery SET status = 'DELIVERED', attempts = attempts + 1,
                                   last_status = :s, last_error = NULL, last_try_at = :now, delivered_at = :now,
                                   leased_until = NULL, lease_token = NULL
                            WHERE id = :id AND lease_token = :lease AND status = 'PENDING'""")
                    .bind("s", o.status())
                    .bind("now", now.atOffset(ZoneOffset.UTC))
                    .bind("id", d.id())
                    .bind("lease", d.lease())
                    .then();
        }
        Instant deadline = d.createdAt().plus(props.window());
        boolean failed = !now.isBefore(deadline);
        Instant next = now.plus(backoff(props.firstRetry(), d.attempts() + 1));
        // a receiver that asks for longer is given it (within the window)
        if (o.retryAfter() != null && now.plusSeconds(o.retryAfter()).isAfter(next))
            next = now.plusSeconds(o.retryAfter());
        if (next.isAfter(deadline)) next = deadline;
        if (failed)
            log.warn(
                    "webhook delivery {} of event {} FAILED after {} attempts: {}",
                    d.id(),
                    d.event(),
                    d.attempts() + 1,
                    o.error());
        var spec =
                db.sql(
                                """
                        UPDATE webhook_delivery SET status = :st, attempts = attempts + 1,
                               last_status = :s, last_error = :err, last_try_at = :now, next_try_at = :next,
                               leased_until = NULL, lease_token = NULL
                        WHERE id = :id AND lease_token = :lease AND status = 'PENDING'""")
                        .bind("lease", d.lease())
                        .bind("st", failed ? "FAILED" : "PENDING")
                        .bind("err", o.error())
                        .bind("now", now.atOffset(ZoneOffset.UTC))
                        .bind("next", next.atOffset(ZoneOffset.UTC))
                        .bind("id", d.id());
        spec = o.status() == null ? spec.bindNull("s", Integer.class) : spec.bind("s", o.status());
        return spec.then();
    }

    /** The wait after the {@code attempts}-th failed attempt: first, doubled each time after. */
    static Duration backoff(Duration first, int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 20);
        return first.multipliedBy(1L << doublings);
    }
}
