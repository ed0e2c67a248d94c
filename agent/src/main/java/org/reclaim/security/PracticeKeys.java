package org.reclaim.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.reclaim.connector.support.Hashes;
import org.reclaim.core.Ids;
import org.reclaim.security.ReclaimPrincipal.PracticeKey;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Practice API keys. A key is {@code rk_} + 256 random bits; only its SHA-256 is stored (a fast
 * hash suffices for a secret of that entropy), so a key is shown once, when it is made.
 */
@Component
public class PracticeKeys {

    public record NewKey(UUID id, String prefix, String apiKey) {}

    public record KeyView(
            UUID id,
            String prefix,
            String label,
            OffsetDateTime createdAt,
            String createdBy,
            OffsetDateTime revokedAt) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabaseClient db;
    private final Clock clock;

    PracticeKeys(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Mono<NewKey> create(UUID practice, String label, String createdBy) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return add(
                practice,
                "rk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b),
                label,
                createdBy);
    }

    /**
     * Adds a given key (the bootstrap key from the environment). Runs in the caller's practice
     * scope: row-level security refuses a key for a practice the caller may not see.
     */
    public Mono<NewKey> add(UUID practice, String key, String label, String createdBy) {
        UUID id = Ids.next();
        String prefix = key.substring(0, Math.min(key.length(), 7));
        return db.sql(
                        """
                        INSERT INTO practice_api_key (id, practice_id, prefix, sha256, label, created_at, created_by)
                        VALUES (:id, :p, :prefix, :h, :label, :now, :by)""")
                .bind("id", id)
                .bind("p", practice)
                .bind("prefix", prefix)
                .bind("h", sha256(key))
                .bind("label", label == null ? "" : label)
                .bind("now", now())
                .bind("by", createdBy)
                .then()
                .thenReturn(new NewKey(id, prefix, key));
    }

    /**
     * Revokes one key of a practice; empty when there is no such (unrevoked) key, or when the
     * caller's practice scope does not include the practice (row-level security).
     */
    public Mono<UUID> revoke(UUID practice, UUID keyId) {
        return db.sql(
                        """
                        UPDATE practice_api_key SET revoked_at = :now
                        WHERE id = :id AND practice_id = :p AND revoked_at IS NULL RETURNING id""")
                .bind("now", now())
                .bind("id", keyId)
                .bind("p", practice)
                .map(r -> r.get("id", UUID.class))
                .one();
    }

    public Mono<List<KeyView>> list(UUID practice) {
        return PracticeScope.ALL.run(
                db.sql(
                                """
                        SELECT id, prefix, label, created_at, created_by, revoked_at FROM practice_api_key
                        WHERE practice_id = :p ORDER BY created_at""")
                        .bind("p", practice)
                        .map(
                                r ->
                                        new KeyView(
                                                r.get("id", UUID.class),
                                                r.get("prefix", String.class),
                                                r.get("label", String.class),
                                                r.get("created_at", OffsetDateTime.class),
                                                r.get("created_by", String.class),
                                                r.get("revoked_at", OffsetDateTime.class)))
                        .all()
                        .collectList());
    }

    public Mono<Boolean> hasKey(UUID practice) {
        return PracticeScope.ALL.run(
                db.sql(
                                "SELECT 1 FROM practice_api_key WHERE practice_id = :p AND revoked_at IS NULL LIMIT 1")
                        .bind("p", practice)
                        .map(r -> 1)
                        .first()
                        .hasElement());
    }

    /** The practice a presented key belongs to; empty for an unknown or revoked key. */
    public Mono<PracticeKey> authenticate(String key) {
        if (key == null || key.isBlank()) return Mono.empty();
        return PracticeScope.ALL.run(
                db.sql(
                                """
                        SELECT k.id, k.practice_id, p.slug FROM practice_api_key k JOIN practice p ON p.id = k.practice_id
                        WHERE k.sha256 = :h AND k.revoked_at IS NULL""")
                        .bind("h", sha256(key))
                        .map(
                                r ->
                                        new PracticeKey(
                                                r.get("practice_id", UUID.class),
                                                r.get("slug", String.class),
                                                r.get("id", UUID.class)))
                        .one());
    }

    private static String sha256(String key) {
        return Hashes.sha256(key);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
