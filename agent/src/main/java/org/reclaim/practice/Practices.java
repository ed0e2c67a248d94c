package org.reclaim.practice;

import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The practices (tenants). Until authentication exists every upload belongs to {@code default}
 * (docs/contracts.md §3); drop-folder files belong to the practice their folder is named after.
 */
@Component
public class Practices {

    public static final UUID DEFAULT_ID = UUID.fromString("00000000-0000-7000-8000-000000000001");
    public static final String DEFAULT_SLUG = "default";

    private final DatabaseClient db;

    Practices(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Creates a practice with the slug {@link #slug} gave. Empty when the slug is taken. Rejects a
     * slug or fee that cannot be stored, naming it.
     */
    public Mono<UUID> create(
            String name, String s, java.math.BigDecimal fee, java.util.List<String> payeeIds) {
        if (!s.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            return Mono.error(
                    new org.reclaim.core.BadRequestException(
                            "slug must be lower-case letters, digits and '-' (at most 63): " + s));
        }
        if (fee.signum() < 0 || fee.scale() > 2) {
            return Mono.error(
                    new org.reclaim.core.BadRequestException(
                            "a fee is an amount >= 0 with at most 2 decimals"));
        }
        return db.sql(
                        """
                        INSERT INTO practice (id, slug, name, payee_ids, fee_per_resolved)
                        VALUES (:id, :slug, :name, :payees, :fee) ON CONFLICT (slug) DO NOTHING RETURNING id""")
                .bind("id", org.reclaim.core.Ids.next())
                .bind("slug", s)
                .bind("name", name.strip())
                .bind(
                        "payees",
                        (payeeIds == null ? java.util.List.<String>of() : payeeIds)
                                .toArray(String[]::new))
                .bind("fee", fee)
                .map(r -> r.get("id", UUID.class))
                .one();
    }

    /** The slug a new practice gets: the one asked for (trimmed), else one made from its name. */
    public static String slug(String name, String asked) {
        return asked == null || asked.isBlank() ? slugOf(name) : asked.strip();
    }

    static String slugOf(String name) {
        String s =
                name.toLowerCase(java.util.Locale.ROOT)
                        .replaceAll("[^a-z0-9]+", "-")
                        .replaceAll("^-+|-+$", "");
        if (s.isEmpty()) s = "practice";
        return s.length() > 63 ? s.substring(0, 63).replaceAll("-+$", "") : s;
    }

    public Mono<UUID> idOf(String slug) {
        return db.sql("SELECT id FROM practice WHERE slug = :s OR id::text = :s")
                .bind("s", slug)
                .map(r -> r.get("id", UUID.class))
                .first();
    }

    /** The slug of a practice by its id; empty when there is none. */
    public Mono<String> slugOf(UUID id) {
        return db.sql("SELECT slug FROM practice WHERE id = :id")
                .bind("id", id)
                .map(r -> r.get("slug", String.class))
                .first();
    }
}
