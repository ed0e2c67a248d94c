package org.reclaim.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Generated;
import org.reclaim.support.TestData;

/**
 * The demo summary's deadline counts (docs/contracts.md §5): a deadline missed is one that passed
 * while the agent held the denial and had not escalated it; a denial stored after its deadline is
 * counted apart.
 */
class DeadlineCountsTest extends ApiTest {

    @Test
    void aLateArrivalIsNotAMissedDeadlineButOneLeftWithTheAgentIs() {
        TestData.clean(db);
        Generated.upload(http, 20, 3, 0.5, LocalDate.of(2026, 1, 5));
        List<UUID> ids =
                db.sql("SELECT id FROM denial ORDER BY id LIMIT 4")
                        .map(r -> r.get("id", UUID.class))
                        .all()
                        .collectList()
                        .block();
        assertThat(ids).hasSize(4);
        OffsetDateTime stored = OffsetDateTime.of(2026, 3, 10, 12, 0, 0, 0, ZoneOffset.UTC);
        db.sql("UPDATE denial SET created_at = :t, deadline = NULL")
                .bind("t", stored)
                .fetch()
                .rowsUpdated()
                .block();
        TestData.asOwner(db, "TRUNCATE denial_event"); // the application role may not delete it
        deadline(ids.get(0), LocalDate.of(2026, 3, 1)); // stored nine days after its deadline
        deadline(ids.get(1), LocalDate.of(2026, 3, 20)); // left with the agent past its deadline
        deadline(ids.get(2), LocalDate.of(2026, 3, 20)); // escalated before its deadline
        event(ids.get(2), "ESCALATED", stored.plusDays(5));
        deadline(ids.get(3), LocalDate.of(2026, 5, 1)); // its deadline not reached yet
        event(ids.get(1), "IN_PROGRESS", stored.plusDays(1));

        Instant now = Instant.parse("2026-04-01T00:00:00Z");
        assertThat(matching(DemoCommand.ARRIVED_LATE, now)).containsExactly(ids.get(0));
        assertThat(matching(DemoCommand.MISSED_DEADLINE, now)).containsExactly(ids.get(1));
        TestData.clean(db);
    }

    private void deadline(UUID denial, LocalDate d) {
        db.sql("UPDATE denial SET deadline = :d WHERE id = :id")
                .bind("d", d)
                .bind("id", denial)
                .fetch()
                .rowsUpdated()
                .block();
    }

    private void event(UUID denial, String to, OffsetDateTime at) {
        db.sql(
                        """
                        INSERT INTO denial_event (id, practice_id, denial_id, from_status, to_status, actor, reason, at)
                        SELECT gen_random_uuid(), practice_id, id, NULL, :to, 'system', 'test', :at FROM denial WHERE id = :id""")
                .bind("to", to)
                .bind("at", at)
                .bind("id", denial)
                .fetch()
                .rowsUpdated()
                .block();
    }

    private List<UUID> matching(String predicate, Instant now) {
        return db.sql(
                        "SELECT d.id FROM denial d WHERE "
                                + predicate.replace(":now", "'" + now + "'")
                                + " ORDER BY d.id")
                .map(r -> r.get("id", UUID.class))
                .all()
                .collectList()
                .block();
    }
}
