package org.reclaim.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo end to end: a generated batch with denials of every workable category, worked by the
 * real service code against the SIMULATED clearinghouse, payer and records until nothing is left
 * open.
 */
@IntegrationTest
class DemoCommandTest {

    @Autowired DatabaseClient db;

    @Test
    void aBatchIsWorkedToTheEndAndOnlyPaidResolutionsAreBilled() throws Exception {
        Map<String, Object> s =
                summary("--denials", "120", "--seed", "11", "--auto-approve", "--json");

        long denials = ((Number) s.get("denials")).longValue();
        assertThat(denials).isBetween(108L, 132L); // N ± 10%
        long ended = 0;
        for (String k :
                new String[] {
                    "resolvedPaid",
                    "upheld",
                    "writtenOff",
                    "routedToPatient",
                    "rebilled",
                    "escalated",
                    "closed",
                    "awaitingReview",
                    "open"
                }) {
            ended += ((Number) s.get(k)).longValue();
        }
        assertThat(ended).as("the outcomes partition the denials").isEqualTo(denials);
        assertThat(s.get("open")).isEqualTo(0);
        assertThat(s.get("awaitingReview")).isEqualTo(0);
        assertThat(((Number) s.get("resolvedPaid")).longValue()).isPositive();
        // only paid resolutions the agent acted on are billed: a denial resolved by the payment of
        // its claim while nothing was sent for it (nothing on file supported a change) is not
        long billable = ((Number) s.get("billableEvents")).longValue();
        assertThat(billable)
                .isPositive()
                .isLessThanOrEqualTo(((Number) s.get("resolvedPaid")).longValue());
        assertThat(
                        db.sql(
                                        """
                        SELECT count(*) FROM billable_event b JOIN denial d ON d.id = b.denial_id
                        WHERE d.status IN ('RESOLVED_PAID', 'RESOLVED_PARTIAL')
                          AND EXISTS (SELECT 1 FROM submission x WHERE x.denial_id = d.id)""")
                                .map(r -> r.get(0, Long.class))
                                .one()
                                .block())
                .as("every billed denial was paid after the agent sent something for it")
                .isEqualTo(billable);
        assertThat(s.get("duplicateSubmissions")).isEqualTo(0);
        assertThat(s.get("missedDeadlines")).isEqualTo(0);
        assertThat(((Number) s.get("submissions")).longValue()).isPositive();
        assertThat(s.get("modelTokens")).isEqualTo(0); // offline drafting
        assertThat(new java.math.BigDecimal(s.get("billedAmount").toString()))
                .isEqualByComparingTo(
                        new java.math.BigDecimal("4.00")
                                .multiply(
                                        new java.math.BigDecimal(
                                                s.get("billableEvents").toString())));

        // every workable category was in the batch and every one of its denials ended
        long categories =
                db.sql("SELECT count(DISTINCT category) FROM denial")
                        .map(r -> r.get(0, Long.class))
                        .one()
                        .block();
        assertThat(categories).isGreaterThanOrEqualTo(12);
        // the audit trail: every denial that ended has its moves, the last one its status
        long withoutTrail =
                db.sql(
                                """
                SELECT count(*) FROM denial d WHERE d.status <> (SELECT e.to_status FROM denial_event e
                    WHERE e.denial_id = d.id ORDER BY e.at DESC, e.id DESC LIMIT 1)""")
                        .map(r -> r.get(0, Long.class))
                        .one()
                        .block();
        assertThat(withoutTrail).isZero();
        TestData.clean(db);
    }

    @Test
    void theSameSeedDecidesTheSameWayEveryRun() throws Exception {
        // the payer's draws are keyed by claim and action (never by random ids) and the denials of
        // a
        // claim take turns in line order, so two runs end alike whatever the timing of their steps
        Map<String, Object> first =
                summary("--denials", "80", "--seed", "5", "--auto-approve", "--json");
        Map<String, Object> second =
                summary("--denials", "80", "--seed", "5", "--auto-approve", "--json");
        // timings, not decisions
        for (String timing : new String[] {"elapsedMs", "medianSecondsToFirstAction"}) {
            first.remove(timing);
            second.remove(timing);
        }
        assertThat(second).isEqualTo(first);
        TestData.clean(db);
    }

    /**
     * Runs the demo on an emptied database (the demo's throw-away database is this JVM's embedded
     * server).
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> summary(String... args) throws Exception {
        TestData.clean(db);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                DemoCommand.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        return JsonMapper.builder().build().readValue(lines[lines.length - 1], Map.class);
    }
}
