package org.reclaim.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Generated;
import org.reclaim.support.TestData;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The metrics' speed before and after the rollups, on one database: generated claims stored over
 * HTTP (a quarter denied), then the median of five calls each of the from-scratch report, the first
 * rollup refresh, {@code GET /api/v1/metrics} and {@code GET /dashboard} on fresh rollups.
 *
 * <p>A measurement, not a check (it stores 200,000 claims), so only on demand: {@code
 * -Dreclaim.measure=true}; {@code -Dreclaim.measure.claims=N} stores fewer, {@code
 * -Dreclaim.measure.upload-minutes=M} stops storing after M minutes (the figures are then for what
 * was stored, printed as {@code storedClaims=}).
 */
class MetricsRollupMeasureTest extends ApiTest {

    @Autowired MetricsService metrics;
    @Autowired MetricsRollups rollups;

    @Test
    @EnabledIfSystemProperty(named = "reclaim.measure", matches = "true")
    void metricsAndDashboardTimedFromScratchAndFromTheRollups() {
        int target = Integer.getInteger("reclaim.measure.claims", 200_000);
        long budget =
                Duration.ofMinutes(Integer.getInteger("reclaim.measure.upload-minutes", 40))
                        .toNanos();
        long start = System.nanoTime();
        int stored = 0;
        long seed = 2_000;
        while (stored < target && System.nanoTime() - start < budget) {
            int n = Math.min(5_000, target - stored);
            Generated.upload(
                    http,
                    GeneratorOptions.defaults()
                            .withClaims(n)
                            .withSeed(seed++)
                            .withDenialRate(0.25)
                            .withBaseDate(java.time.LocalDate.now().minusDays(200)));
            stored += n;
            System.out.printf(
                    "stored=%d seconds=%.0f%n", stored, (System.nanoTime() - start) / 1e9);
        }
        System.out.printf(
                "storedClaims=%d denials=%d uploadSeconds=%.0f%n",
                TestData.count(db, "SELECT count(*) FROM submitted_claim"),
                TestData.count(db, "SELECT count(*) FROM denial"),
                (System.nanoTime() - start) / 1e9);
        db.sql("ANALYZE").then().block();

        long t = System.nanoTime();
        rollups.fresh().block();
        System.out.printf("firstRefreshMs=%.0f%n", (System.nanoTime() - t) / 1e6);
        System.out.printf(
                "rollupRows=%d%n", TestData.count(db, "SELECT count(*) FROM metrics_rollup"));

        time("fromScratchReport", () -> metrics.referenceReport(Period.ALL).block());
        time("rollupReport", () -> metrics.report(Period.ALL).block());
        time(
                "GET /api/v1/metrics",
                () ->
                        http.get()
                                .uri("/api/v1/metrics")
                                .exchange()
                                .expectStatus()
                                .isOk()
                                .expectBody()
                                .returnResult());
        time(
                "GET /api/v1/metrics?from=2025-01&to=2025-03",
                () ->
                        http.get()
                                .uri("/api/v1/metrics?from=2025-01&to=2025-03")
                                .exchange()
                                .expectStatus()
                                .isOk()
                                .expectBody()
                                .returnResult());
        time(
                "GET /dashboard",
                () ->
                        http.get()
                                .uri("/dashboard")
                                .exchange()
                                .expectStatus()
                                .isOk()
                                .expectBody()
                                .returnResult());
    }

    private static void time(String what, Supplier<?> call) {
        call.get(); // warm
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            call.get();
            ms.add((System.nanoTime() - t) / 1e6);
        }
        ms.sort(null);
        System.out.printf(
                "measure %s medianMs=%.0f minMs=%.0f maxMs=%.0f%n",
                what, ms.get(2), ms.get(0), ms.get(4));
    }
}
