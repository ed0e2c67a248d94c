package org.reclaim.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reclaim.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The drift check: a rollup row changed behind the triggers' back is reported (the endpoint's
 * answer, a log line, the gauge) and repaired; untouched rollups report none.
 */
@ExtendWith(OutputCaptureExtension.class)
class RollupDriftTest extends ApiTest {

    @Autowired MetricsService metrics;
    @Autowired MeterRegistry registry;
    @Autowired Clock clock;

    @Test
    void aPlantedDriftIsReportedLoggedOnTheGaugeAndRepaired(CapturedOutput output) {
        MetricsTest.dataSet(db, LocalDate.now(clock));
        Map<String, Object> clean = check();
        assertThat(clean.get("differing")).isEqualTo(0);
        assertThat(registry.get("reclaim.metrics.rollup.drift").gauge().value()).isZero();

        // one payer's adjudicated claims one higher, written straight into the rollups (no mark)
        long planted =
                db.sql(
                                "UPDATE metrics_rollup SET n01 = n01 + 1 WHERE ctid = (SELECT ctid FROM"
                                        + " metrics_rollup WHERE kind = 'adjudications' LIMIT 1)")
                        .fetch()
                        .rowsUpdated()
                        .block();
        assertThat(planted).isEqualTo(1);

        Map<String, Object> drift = check();
        assertThat((Integer) drift.get("differing")).isPositive();
        assertThat(drift.get("differences").toString()).contains("denialRate");
        assertThat(output.getAll()).contains("metrics rollups drift:");
        assertThat(registry.get("reclaim.metrics.rollup.drift").gauge().value()).isPositive();

        // rebuilt: the next check finds none, and the report is the from-scratch one again
        assertThat(check().get("differing")).isEqualTo(0);
        assertThat(metrics.report(Period.ALL).block().headline())
                .isEqualTo(metrics.referenceReport(Period.ALL).block().headline());
    }

    @Test
    void aReviewerMayNotRunTheCheck() {
        String user = "rev-drift-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        http.post()
                .uri("/api/v1/operators")
                .bodyValue(
                        Map.of(
                                "username",
                                user,
                                "password",
                                user + "-password",
                                "role",
                                "REVIEWER"))
                .exchange()
                .expectStatus()
                .isCreated();
        asOperator(user, user + "-password")
                .post()
                .uri("/api/v1/metrics/drift-check")
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    private Map<String, Object> check() {
        return http.post()
                .uri("/api/v1/metrics/drift-check")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }
}
