package org.reclaim.practice;

import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The practices (tenants). Until authentication exists every upload belongs to {@code default}
 * (CONTRACTS §3); drop-folder files belong to the practice their folder is named after.
 */
@Component
public class Practices {

    public static final UUID DEFAULT_ID = UUID.fromString("00000000-0000-7000-8000-000000000001");
    public static final String DEFAULT_SLUG = "default";

    private final DatabaseClient db;

    Practices(DatabaseClient db) {
        this.db = db;
    }

    public Mono<UUID> idOf(String slug) {
        return db.sql("SELECT id FROM practice WHERE slug = :s OR id::text = :s").bind("s", slug)
                .map(r -> r.get("id", UUID.class)).first();
    }
}
