package org.reclaim.agent;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.reclaim.connector.ResilienceSettings;
import org.reclaim.connector.payer.PayerPortal;
import org.reclaim.connector.payer.PayerPortalSettings;
import org.reclaim.connector.payer.RestPayerPortal;
import org.reclaim.ingest.Ids;
import org.reclaim.web.BadRequestException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The connectors a practice configured: for now a payer's portal (REST flavour), by payer. Secrets
 * are sealed by {@link SecretBox}; a portal client is built once per setting and reused.
 */
@Service
public class ConnectorSettings {

    private final DatabaseClient db;
    private final SecretBox box;
    private final Clock clock;
    private final Map<String, PayerPortal> portals = new ConcurrentHashMap<>();

    ConnectorSettings(DatabaseClient db, SecretBox box, Clock clock) {
        this.db = db;
        this.box = box;
        this.clock = clock;
    }

    public record PortalView(String payerId, String baseUrl, String authHeaderName, String secret) {
    }

    public Mono<Void> savePortal(UUID practice, String payerId, String baseUrl, String authHeaderName, String secret) {
        if (payerId == null || payerId.isBlank()) throw new BadRequestException("payerId is required");
        URI url;
        try {
            url = URI.create(baseUrl == null ? "" : baseUrl.strip());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("baseUrl is not a URL");
        }
        if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
            throw new BadRequestException("baseUrl must be http(s)");
        }
        if (authHeaderName == null || authHeaderName.isBlank() || secret == null || secret.isBlank()) {
            throw new BadRequestException("authHeaderName and authHeaderValue are required");
        }
        portals.remove(practice + "|" + payerId);
        return db.sql("""
                        INSERT INTO connector_setting (id, practice_id, kind, payer_id, base_url, auth_header_name, secret,
                                                       secret_hint, updated_at)
                        VALUES (:id, :p, 'payer-portal', :payer, :url, :header, :secret, :hint, :now)
                        ON CONFLICT (practice_id, kind, payer_id) DO UPDATE SET base_url = :url, auth_header_name = :header,
                            secret = :secret, secret_hint = :hint, updated_at = :now""")
                .bind("id", Ids.next()).bind("p", practice).bind("payer", payerId.strip()).bind("url", url.toString())
                .bind("header", authHeaderName.strip()).bind("secret", box.seal(secret)).bind("hint", SecretBox.hint(secret))
                .bind("now", WorkItems.utc(clock.instant())).then();
    }

    public Mono<List<PortalView>> portals(UUID practice) {
        return db.sql("SELECT payer_id, base_url, auth_header_name, secret_hint FROM connector_setting "
                        + "WHERE practice_id = :p AND kind = 'payer-portal' ORDER BY payer_id")
                .bind("p", practice)
                .map(r -> new PortalView(r.get("payer_id", String.class), r.get("base_url", String.class),
                        r.get("auth_header_name", String.class), r.get("secret_hint", String.class)))
                .all().collectList();
    }

    /** The payer's portal for this practice, when one is configured. */
    public Mono<Optional<PayerPortal>> portal(UUID practice, String payerId) {
        if (payerId == null) return Mono.just(Optional.empty());
        String cacheKey = practice + "|" + payerId;
        PayerPortal cached = portals.get(cacheKey);
        if (cached != null) return Mono.just(Optional.of(cached));
        return db.sql("SELECT base_url, auth_header_name, secret FROM connector_setting WHERE practice_id = :p "
                        + "AND kind = 'payer-portal' AND payer_id = :payer")
                .bind("p", practice).bind("payer", payerId)
                .map(r -> (PayerPortal) new RestPayerPortal(new PayerPortalSettings(payerId,
                        URI.create(r.get("base_url", String.class)), r.get("auth_header_name", String.class),
                        box.open(r.get("secret", byte[].class)), Map.of(), Map.of(), ResilienceSettings.defaults()),
                        org.reclaim.connector.TimeSource.system()))
                .one()
                .doOnNext(p -> portals.put(cacheKey, p))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }
}
