package org.reclaim.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.function.ToDoubleFunction;
import org.reclaim.metrics.MetricsService.Headline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Headline gauges for Prometheus ({@code /actuator/prometheus}): recomputed from the database every
 * {@code reclaim.metrics.gauge-refresh} by a non-blocking query; a scrape only reads the last
 * values (NaN until the first refresh).
 */
@Component
class MetricsGauges {

    private static final Logger log = LoggerFactory.getLogger(MetricsGauges.class);

    private final MetricsService metrics;
    private final MetricsProperties props;
    private volatile Headline last;
    private volatile Long nearDeadline;
    private Disposable loop;

    @Autowired
    MetricsGauges(
            MetricsService metrics,
            MetricsProperties props,
            ObjectProvider<MeterRegistry> registry) {
        this(metrics, props);
        registry.ifAvailable(this::register);
    }

    MetricsGauges(MetricsService metrics, MetricsProperties props) {
        this.metrics = metrics;
        this.props = props;
    }

    void register(MeterRegistry r) {
        gauge(
                r,
                "reclaim.denials.open",
                null,
                "Denials not resolved, written off, routed, rebilled or closed",
                h -> h.openDenials());
        gauge(
                r,
                "reclaim.denials.awaiting.review",
                null,
                "Denials waiting for an operator's review",
                h -> h.awaitingReview());
        gauge(
                r,
                "reclaim.denials.deadlines.at.risk",
                null,
                "Open denials with nothing submitted yet whose deadline is near or past",
                h -> h.deadlinesAtRisk());
        gauge(
                r,
                "reclaim.denial.rate",
                null,
                "Denied ÷ adjudicated claims (first adjudications, 0 to 1)",
                h -> number(h.denialRate()));
        gauge(
                r,
                "reclaim.recovered",
                "dollars",
                "Recovered on denials resolved after the agent acted",
                h -> number(h.recovered()));
        Gauge.builder(
                        "reclaim.reviews.near.deadline",
                        this,
                        g -> g.nearDeadline == null ? Double.NaN : g.nearDeadline)
                .description(
                        "Open reviews whose denial's deadline is within"
                                + " reclaim.reviews.deadline-alert-days (or past)")
                .strongReference(true)
                .register(r);
    }

    private void gauge(
            MeterRegistry r,
            String name,
            String unit,
            String description,
            ToDoubleFunction<Headline> f) {
        Gauge.builder(name, this, g -> g.last == null ? Double.NaN : f.applyAsDouble(g.last))
                .description(description)
                .baseUnit(unit)
                .strongReference(true)
                .register(r);
    }

    private static double number(BigDecimal v) {
        return v == null ? Double.NaN : v.doubleValue();
    }

    /** Recomputes the gauges' values. */
    Mono<Headline> refresh() {
        return metrics.reviewsNearDeadline()
                .doOnNext(n -> nearDeadline = n)
                .then(metrics.headline())
                .doOnNext(h -> last = h);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!props.gauges()) return;
        loop =
                Flux.interval(java.time.Duration.ZERO, props.gaugeRefresh())
                        .onBackpressureDrop()
                        .concatMap(
                                t ->
                                        refresh()
                                                .onErrorResume(
                                                        e -> {
                                                            log.warn(
                                                                    "metrics gauges not refreshed: {}",
                                                                    e.toString());
                                                            return Mono.empty();
                                                        }),
                                1)
                        .subscribe();
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (loop != null) loop.dispose();
    }
}
