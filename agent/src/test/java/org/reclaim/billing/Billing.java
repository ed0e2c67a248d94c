package org.reclaim.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.core.Ids;
import org.reclaim.practice.Practices;
import org.reclaim.support.Generated;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Fixtures of the billing tests: real denials from a generated batch, and their billable events.
 */
public final class Billing {

    /** A second practice, for isolation. */
    public static final UUID OTHER = UUID.fromString("00000000-0000-7000-8000-0000000001c6");

    private Billing() {}

    /** Posts a generated batch and returns its denials (ids), oldest id first. */
    public static List<UUID> denials(WebTestClient http, DatabaseClient db, int claims, long seed) {
        Generated.upload(http, claims, seed, 0.5, LocalDate.of(2024, 11, 4));
        return db.sql("SELECT id FROM denial ORDER BY id")
                .map(r -> r.get("id", UUID.class))
                .all()
                .collectList()
                .block();
    }

    /**
     * A denial resolved as paid after Reclaim acted: the billable event written as {@code
     * org.reclaim.payeranswer.Resolutions} writes it (the practice's fee in force, once per
     * denial).
     */
    public static UUID resolve(DatabaseClient db, UUID denial, String recovered, Instant at) {
        UUID id = Ids.next();
        long n =
                db.sql(
                                """
                        INSERT INTO billable_event (id, practice_id, denial_id, recovered, fee, at)
                        SELECT :id, d.practice_id, d.id, :recovered, p.fee_per_resolved, :at
                        FROM denial d JOIN practice p ON p.id = d.practice_id WHERE d.id = :denial""")
                        .bind("id", id)
                        .bind("recovered", new BigDecimal(recovered))
                        .bind("denial", denial)
                        .bind("at", at.atOffset(java.time.ZoneOffset.UTC))
                        .fetch()
                        .rowsUpdated()
                        .block();
        if (n != 1) throw new IllegalStateException("no denial " + denial);
        return id;
    }

    /**
     * A billable event of the other practice (its denial is not in this database: a bare event).
     */
    public static UUID resolveForOther(
            DatabaseClient db, String recovered, String fee, Instant at) {
        db.sql(
                        "INSERT INTO practice (id, slug, name) VALUES (:id, 'invoice-test-clinic', 'Invoice test clinic') ON CONFLICT (id) DO NOTHING")
                .bind("id", OTHER)
                .then()
                .block();
        UUID id = Ids.next();
        db.sql(
                        "INSERT INTO billable_event (id, practice_id, denial_id, recovered, fee, at) VALUES (:id, :p, :d, :r, :f, :at)")
                .bind("id", id)
                .bind("p", OTHER)
                .bind("d", Ids.next())
                .bind("r", new BigDecimal(recovered))
                .bind("f", new BigDecimal(fee))
                .bind("at", at.atOffset(java.time.ZoneOffset.UTC))
                .then()
                .block();
        return id;
    }

    public static void fee(DatabaseClient db, String fee) {
        db.sql("UPDATE practice SET fee_per_resolved = :f WHERE id = :id")
                .bind("f", new BigDecimal(fee))
                .bind("id", Practices.DEFAULT_ID)
                .then()
                .block();
    }

    public static Instant at(String isoInstant) {
        return Instant.parse(isoInstant);
    }

    public static List<Map<String, Object>> rows(DatabaseClient db, String sql) {
        return db.sql(sql).fetch().all().collectList().block();
    }
}
