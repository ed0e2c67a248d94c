package org.reclaim.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.reclaim.billing.InvoiceIssued;
import org.reclaim.billing.InvoiceIssuedListener;
import org.reclaim.denial.DenialMoved;
import org.reclaim.denial.DenialMovedListener;
import org.reclaim.denial.DenialStatus;
import org.reclaim.payeranswer.DenialResolved;
import org.reclaim.payeranswer.DenialResolvedListener;
import org.reclaim.prevention.ClaimHeld;
import org.reclaim.prevention.ClaimHeldListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Writes an event into the outbox, one row per endpoint of its practice that wants its kind, in the
 * transaction the event is told in. The event id is the de-duplication key: an event told again (a
 * resolution applied again, a claim the gate sees again) writes nothing new.
 *
 * <p>The body carries ids, amounts and codes only: never a patient's name, member id, date of birth
 * or the claim's patient control number (a receiver that needs more asks the API with its key).
 */
@Component
class Outbox
        implements DenialMovedListener,
                DenialResolvedListener,
                ClaimHeldListener,
                InvoiceIssuedListener {

    private final DatabaseClient db;
    private final Clock clock;

    Outbox(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Mono<Void> moved(DenialMoved e) {
        if (e.to() == DenialStatus.ESCALATED) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("denial", e.denial().toString());
            data.put("from", e.from().name());
            data.put("reason", bounded(e.reason()));
            return record(
                    e.practice(),
                    WebhookKind.DENIAL_ESCALATED,
                    e.event(),
                    e.denial(),
                    e.at(),
                    data);
        }
        if (e.to() == DenialStatus.AWAITING_REVIEW) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("denial", e.denial().toString());
            return record(
                    e.practice(), WebhookKind.REVIEW_WAITING, e.event(), e.denial(), e.at(), data);
        }
        return Mono.empty();
    }

    @Override
    public Mono<Void> resolved(DenialResolved e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("denial", e.denial().toString());
        data.put("recovered", e.recovered());
        data.put("actedOn", e.actedOn());
        return record(
                e.practice(),
                WebhookKind.DENIAL_RESOLVED,
                derived(WebhookKind.DENIAL_RESOLVED, e.denial()),
                e.denial(),
                e.at(),
                data);
    }

    @Override
    public Mono<Void> held(ClaimHeld e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("heldClaim", e.heldClaim().toString());
        data.put("payerId", e.payerId());
        data.put("charge", e.charge());
        data.put("verdict", e.verdict());
        data.put("findings", e.findings());
        data.put("awaitingEligibility", e.awaitingEligibility());
        return record(
                e.practice(),
                WebhookKind.CLAIM_HELD,
                derived(WebhookKind.CLAIM_HELD, e.heldClaim()),
                e.heldClaim(),
                e.at(),
                data);
    }

    @Override
    public Mono<Void> issued(InvoiceIssued e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("invoice", e.invoice().toString());
        data.put("number", e.number());
        data.put("month", e.month().toString());
        data.put("lines", e.lines());
        data.put("totalRecovered", e.totalRecovered());
        data.put("totalFee", e.totalFee());
        return record(
                e.practice(),
                WebhookKind.INVOICE_ISSUED,
                derived(WebhookKind.INVOICE_ISSUED, e.invoice()),
                e.invoice(),
                e.at(),
                data);
    }

    static final int MAX_REASON = 500;

    private static String bounded(String reason) {
        if (reason == null || reason.length() <= MAX_REASON) return reason;
        return reason.substring(0, MAX_REASON - 1) + "…";
    }

    /** The event id of an event that happens once per subject: the same however often told. */
    static UUID derived(WebhookKind kind, UUID subject) {
        return UUID.nameUUIDFromBytes(
                (kind.wire() + ":" + subject).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One outbox row per endpoint of {@code practice} subscribed to {@code kind}; nothing (one
     * cheap query) when none is.
     *
     * @param orderKey deliveries with the same key reach an endpoint in the order written
     */
    Mono<Void> record(
            UUID practice,
            WebhookKind kind,
            UUID eventId,
            UUID orderKey,
            Instant occurredAt,
            Map<String, Object> data) {
        return db.sql(
                        """
                        SELECT p.slug FROM practice p WHERE p.id = :p AND EXISTS (
                            SELECT 1 FROM webhook_endpoint e WHERE e.practice_id = p.id AND :kind = ANY(e.kinds))""")
                .bind("p", practice)
                .bind("kind", kind.wire())
                .map(r -> r.get("slug", String.class))
                .one()
                .flatMap(
                        slug -> {
                            Map<String, Object> body = new LinkedHashMap<>();
                            body.put("id", eventId.toString());
                            body.put("kind", kind.wire());
                            body.put(
                                    "occurredAt",
                                    occurredAt.truncatedTo(ChronoUnit.MILLIS).toString());
                            body.put("practice", slug);
                            body.put("data", data);
                            return db.sql(
                                            """
                                    INSERT INTO webhook_delivery (id, practice_id, endpoint_id, event_id, kind, order_key,
                                                                  body, created_at, next_try_at)
                                    SELECT gen_random_uuid(), e.practice_id, e.id, :event, :kind, :order, :body, :now, :now
                                    FROM webhook_endpoint e WHERE e.practice_id = :p AND :kind = ANY(e.kinds)
                                    ORDER BY e.id
                                    ON CONFLICT (endpoint_id, event_id) DO NOTHING""")
                                    .bind("event", eventId)
                                    .bind("kind", kind.wire())
                                    .bind("order", orderKey)
                                    .bind("body", Json.write(body))
                                    .bind("now", clock.instant().atOffset(ZoneOffset.UTC))
                                    .bind("p", practice)
                                    .then();
                        });
    }
}
