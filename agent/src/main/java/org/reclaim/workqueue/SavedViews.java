package org.reclaim.workqueue;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.Ids;
import org.reclaim.core.NotFoundException;
import org.reclaim.core.Times;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * An operator's saved worklist views: a name for a worklist query string ({@code
 * status=ESCALATED&assignee=me}). Each belongs to one operator: every query names the operator, so
 * another operator's view is not found. A view holds only filter parameters; what it shows is read
 * through the practice-scoped worklist, so it shows nobody more than they may see.
 */
@Component
public class SavedViews {

    /** The worklist parameters a view may hold. */
    public static final Set<String> KEYS =
            Set.of(
                    "status",
                    "q",
                    "dos",
                    "payer",
                    "category",
                    "practice",
                    "sort",
                    "assignee",
                    "view");

    public record View(UUID id, String name, String query, OffsetDateTime createdAt) {}

    private final DatabaseClient db;
    private final Clock clock;

    SavedViews(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Mono<List<View>> list(UUID operator) {
        return db.sql(
                        "SELECT id, name, query, created_at FROM saved_view WHERE operator_id = :o ORDER BY lower(name), id")
                .bind("o", operator)
                .map(
                        r ->
                                new View(
                                        r.get("id", UUID.class),
                                        r.get("name", String.class),
                                        r.get("query", String.class),
                                        r.get("created_at", OffsetDateTime.class)))
                .all()
                .collectList();
    }

    /** Saves {@code query} under {@code name}; a view of the same name is replaced. */
    public Mono<View> save(UUID operator, String name, String query) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 80)
            throw new BadRequestException("name: 1 to 80 characters, got " + n.length());
        String q = canonical(query);
        return db.sql(
                        """
                        INSERT INTO saved_view (id, operator_id, name, query, created_at)
                        VALUES (:id, :o, :name, :query, :at)
                        ON CONFLICT (operator_id, name) DO UPDATE SET query = EXCLUDED.query
                        RETURNING id, name, query, created_at""")
                .bind("id", Ids.next())
                .bind("o", operator)
                .bind("name", n)
                .bind("query", q)
                .bind("at", Times.utc(clock.instant()))
                .map(
                        r ->
                                new View(
                                        r.get("id", UUID.class),
                                        r.get("name", String.class),
                                        r.get("query", String.class),
                                        r.get("created_at", OffsetDateTime.class)))
                .one();
    }

    public Mono<Void> delete(UUID operator, UUID id) {
        return db.sql("DELETE FROM saved_view WHERE id = :id AND operator_id = :o")
                .bind("id", id)
                .bind("o", operator)
                .fetch()
                .rowsUpdated()
                .flatMap(
                        n ->
                                n == 0
                                        ? Mono.error(new NotFoundException("view", id))
                                        : Mono.<Void>empty());
    }

    /**
     * The query string as stored: worklist parameters only (a 400 names any other), empty values
     * dropped, each re-encoded; a leading {@code ?} or {@code /worklist?} is allowed.
     */
    public static String canonical(String query) {
        String q = query == null ? "" : query.strip();
        if (q.startsWith("/worklist")) q = q.substring("/worklist".length());
        if (q.startsWith("?")) q = q.substring(1);
        if (q.length() > 2000)
            throw new BadRequestException("query: at most 2000 characters, got " + q.length());
        StringBuilder out = new StringBuilder();
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!KEYS.contains(key))
                throw new BadRequestException(
                        "query: '" + key + "' is not a worklist filter; they are " + KEYS);
            if (value.isBlank()) continue;
            if (out.length() > 0) out.append('&');
            out.append(key)
                    .append('=')
                    .append(URLEncoder.encode(value.strip(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("query: '" + s + "' is not URL-encoded text");
        }
    }
}
