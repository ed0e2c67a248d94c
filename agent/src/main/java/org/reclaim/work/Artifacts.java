package org.reclaim.work;

import java.time.Instant;
import java.util.UUID;
import org.reclaim.core.Ids;
import org.reclaim.core.Times;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** What the agent produced (drafted claims, packets, letters), stored with a content hash. */
@Component
public class Artifacts {

    private final DatabaseClient db;

    Artifacts(DatabaseClient db) {
        this.db = db;
    }

    public record Artifact(UUID id, String kind, String mediaType, String sha256, byte[] content) {}

    public Mono<UUID> save(
            UUID practice,
            UUID denial,
            String kind,
            String mediaType,
            byte[] content,
            String source,
            Instant at) {
        UUID id = Ids.next();
        return db.sql(
                        """
                        INSERT INTO artifact (id, practice_id, denial_id, kind, media_type, sha256, content, source, created_at)
                        VALUES (:id, :p, :d, :kind, :media, :sha, :content, :source, :at)""")
                .bind("id", id)
                .bind("p", practice)
                .bind("d", denial)
                .bind("kind", kind)
                .bind("media", mediaType)
                .bind("sha", org.reclaim.connector.support.Hashes.sha256(content))
                .bind("content", content)
                .bind("source", source)
                .bind("at", Times.utc(at))
                .then()
                .thenReturn(id);
    }

    public Mono<Artifact> get(UUID id) {
        return db.sql("SELECT id, kind, media_type, sha256, content FROM artifact WHERE id = :id")
                .bind("id", id)
                .map(
                        r ->
                                new Artifact(
                                        r.get("id", UUID.class),
                                        r.get("kind", String.class),
                                        r.get("media_type", String.class),
                                        r.get("sha256", String.class),
                                        r.get("content", byte[].class)))
                .one();
    }

    /** The newest artifact of a kind for a denial (e.g. an original claim an operator attached). */
    public Mono<Artifact> latest(UUID denial, String kind) {
        return db.sql(
                        "SELECT id, kind, media_type, sha256, content FROM artifact WHERE denial_id = :d AND kind = :k "
                                + "ORDER BY created_at DESC, id DESC LIMIT 1")
                .bind("d", denial)
                .bind("k", kind)
                .map(
                        r ->
                                new Artifact(
                                        r.get("id", UUID.class),
                                        r.get("kind", String.class),
                                        r.get("media_type", String.class),
                                        r.get("sha256", String.class),
                                        r.get("content", byte[].class)))
                .one();
    }
}
