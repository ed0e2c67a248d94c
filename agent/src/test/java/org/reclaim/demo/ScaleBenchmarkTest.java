package org.reclaim.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * {@code benchmark-scale}, small: its table has a row per batch and file, a row per timed query
 * with a median and a p95, and the claims, claim payments and denials it stored equal what the
 * generator wrote. Timings are not checked (figures, not a verdict).
 */
@IntegrationTest
class ScaleBenchmarkTest {

    @Autowired DatabaseClient db;

    @Test
    void storesEveryGeneratedClaimInBatchesAndTimesEachQuery() throws Exception {
        TestData.clean(db); // the benchmark's throw-away database is this JVM's embedded server
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                ScaleBenchmark.run(
                        new String[] {"--claims", "2000", "--batch", "1000", "--calls", "3"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).contains("benchmark-scale: batch 2/2: 835 stored in");

        List<String> rows =
                Arrays.stream(text.split("\n")).filter(l -> l.startsWith("| ")).toList();
        assertThat(rows.get(0)).isEqualTo("| what | figure | target |");
        assertThat(rows)
                .filteredOn(r -> r.matches("\\| batch [12] 83[57] ingest \\| [0-9,]+ claim.*"))
                .hasSize(4);
        assertThat(rows)
                .filteredOn(
                        r -> r.matches("\\| GET .* \\| median [0-9.]+ ms, p95 [0-9.]+ ms \\| .*"))
                .extracting(r -> r.split(" \\| ")[0])
                .containsExactly(
                        "| GET /api/v1/worklist?size=50",
                        "| GET /api/v1/denials (payer, CARC, status filters)",
                        "| GET /api/v1/rejections?size=50",
                        "| GET /denials/{id} (the denial page)",
                        "| GET /api/v1/metrics",
                        "| GET /dashboard",
                        "| GET /api/v1/underpayments?size=50");
        assertThat(rows).anyMatch(r -> r.startsWith("| heap peak | "));
        assertThat(rows).anyMatch(r -> r.startsWith("| RSS peak | JVM "));
        assertThat(rows).anyMatch(r -> r.matches("\\| database size \\| [0-9.]+ MiB, .*"));

        Matcher m =
                Pattern.compile(
                                "\\| stored \\| ([0-9,]+) claims, ([0-9,]+) claim payments, ([0-9,]+)"
                                        + " denials \\| generated: ([0-9,]+) claims, ([0-9,]+) claim"
                                        + " payments, ([0-9,]+) denials \\|")
                        .matcher(text);
        assertThat(m.find()).as(text).isTrue();
        assertThat(m.group(1)).isEqualTo("2,000").isEqualTo(m.group(4));
        assertThat(m.group(2)).isEqualTo(m.group(5));
        assertThat(m.group(3)).isEqualTo(m.group(6)).isNotEqualTo("0");
        assertThat(count("SELECT count(*) FROM submitted_claim")).isEqualTo(2000);
        TestData.clean(db);
    }

    private long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }
}
