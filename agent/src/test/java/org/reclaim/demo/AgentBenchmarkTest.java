package org.reclaim.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent-loop benchmark's claim, small: with slow remote parties (model, portals,
 * clearinghouse), more denials wait on them at once than the database pool has connections — so a
 * waiting step holds none — and the loop still ends with every denial settled, nothing sent twice,
 * no deadline missed.
 */
@IntegrationTest
class AgentBenchmarkTest {

    @Autowired DatabaseClient db;

    @Test
    @SuppressWarnings("unchecked")
    void denialsWaitingOnSlowRemotePartiesHoldNoDatabaseConnection() throws Exception {
        TestData.clean(db); // the demo's throw-away database is this JVM's embedded server
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                DemoCommand.run(
                        new String[] {
                            "--denials",
                            "50",
                            "--seed",
                            "5",
                            "--auto-approve",
                            "--json",
                            "--stats",
                            "--portal",
                            "--in-flight",
                            "500",
                            "--latency",
                            "100ms",
                            "--pool",
                            "4",
                            "--tick",
                            "1h"
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();

        int inFlight = number(text, "at most (\\d+) denials in flight");
        int waiting = number(text, "at most (\\d+) remote calls waiting at once");
        long claims =
                db.sql(
                                "SELECT count(DISTINCT d.claim_payment_id) FROM denial d JOIN work_item w ON w.denial_id = d.id")
                        .map(r -> r.get(0, Long.class))
                        .one()
                        .block();
        // the whole batch started at once: a denial of every claim (the denials of one claim take
        // turns)
        assertThat(inFlight).as(text).isGreaterThanOrEqualTo((int) claims - 5);
        assertThat(waiting)
                .as("remote calls waiting at once, with 4 database connections")
                .isGreaterThan(4);
        assertThat(text)
                .containsPattern(
                        "whole loop: \\d+ denials worked to the end in [0-9.]+ s = [0-9.]+ denials/s; "
                                + "\\d+ steps = [0-9.]+ steps/s; CPU per step [0-9.]+ ms JVM \\(service and sandbox\\) \\+ [0-9.]+ ms PostgreSQL");

        // answers wake the steps waiting on them: acted on in the same round, not a timer later
        assertThat(text)
                .containsPattern(
                        "answer to action: \\d+ waiting steps woken by their answer; .* median [0-9.]+ s, p95 [0-9.]+ s");
        double p95 =
                Double.parseDouble(
                        text.replaceAll("(?s).*answer to action: .* p95 ([0-9.]+) s.*", "$1"));
        assertThat(p95).as(text).isLessThan(60);

        String[] lines = text.strip().split("\n");
        Map<String, Object> s =
                JsonMapper.builder().build().readValue(lines[lines.length - 1], Map.class);
        assertThat(s.get("open")).isEqualTo(0);
        assertThat(s.get("awaitingReview")).isEqualTo(0);
        assertThat(s.get("duplicateSubmissions")).isEqualTo(0);
        assertThat(s.get("missedDeadlines")).isEqualTo(0);
        assertThat(s.get("billableEvents")).isEqualTo(s.get("resolvedPaid"));
        long viaPortal =
                db.sql("SELECT count(*) FROM submission WHERE channel = 'portal'")
                        .map(r -> r.get(0, Long.class))
                        .one()
                        .block();
        assertThat(viaPortal).as("appeals filed through the SIMULATED portals").isPositive();
        TestData.clean(db);
    }

    static int number(String text, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(text);
        assertThat(m.find()).as(pattern + " in\n" + text).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
