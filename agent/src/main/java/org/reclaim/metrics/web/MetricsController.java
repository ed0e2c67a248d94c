package org.reclaim.metrics.web;

import org.reclaim.metrics.MetricsDriftCheck;
import org.reclaim.metrics.MetricsReport;
import org.reclaim.metrics.MetricsService;
import org.reclaim.metrics.Period;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The metrics as JSON, for the practices the caller may see (row-level security). */
@RestController
class MetricsController {

    private final MetricsService metrics;
    private final MetricsDriftCheck drift;

    MetricsController(MetricsService metrics, MetricsDriftCheck drift) {
        this.metrics = metrics;
        this.drift = drift;
    }

    /**
     * ADMIN: the drift check now (docs/metrics.md): the rollups against the from-scratch figures,
     * for the practices the caller may see; drifted rollups are rebuilt.
     */
    @PostMapping("/api/v1/metrics/drift-check")
    Mono<MetricsDriftCheck.DriftReport> driftCheck() {
        return drift.check();
    }

    /**
     * {@code from}/{@code to}: optional dates ({@code 2025-01-31}) or months ({@code 2025-01}) on
     * the month axis.
     */
    @GetMapping("/api/v1/metrics")
    Mono<MetricsReport> metrics(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        return metrics.report(Period.parse(from, to));
    }
}
