package org.reclaim.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rollups checked against the from-scratch computation (docs/metrics.md "Drift check"): every
 * night at {@code reclaim.metrics.rollups.drift-check-hour} (UTC), and on {@code POST
 * /api/v1/metrics/drift-check} (ADMIN). Both reports are compared figure by figure (their JSON); a
 * difference found twice in a row (a write between the two reports is not drift) is logged, set on
 * the gauge {@code reclaim_metrics_rollup_drift} (figures that differ; 0 when none) and repaired by
 * rebuilding the rollups from scratch. Background refreshes of stale practices run here too, every
 * {@code reclaim.metrics.rollups.refresh}.
 */
@Component
public class MetricsDriftCheck {

    private static final Logger log = LoggerFactory.getLogger(MetricsDriftCheck.class);

    /** At most this many differing figures are listed in a result and in the log line. */
    static final int LISTED = 20;

    /** One check: the periods compared, how many figures differed, the first of them. */
    public record DriftReport(
            Instant checkedAt, List<String> periods, int differing, List<String> differences) {}

    private final MetricsService metrics;
    private final MetricsRollups rollups;
    private final RollupProperties props;
    private final JsonMapper json;
    private final Clock clock;
    private volatile DriftReport last;
    private final List<Disposable> loops = new ArrayList<>();

    MetricsDriftCheck(
            MetricsService metrics,
            MetricsRollups rollups,
            RollupProperties props,
            JsonMapper json,
            Clock clock,
            ObjectProvider<MeterRegistry> registry) {
        this.metrics = metrics;
        this.rollups = rollups;
        this.props = props;
        this.json = json;
        this.clock = clock;
        registry.ifAvailable(
                r ->
                        Gauge.builder(
                                        "reclaim.metrics.rollup.drift",
                                        this,
                                        g -> g.last == null ? Double.NaN : g.last.differing())
                                .description(
                                        "Figures the metrics rollups answered differently from the"
                                                + " from-scratch computation at the last drift check")
                                .strongReference(true)
                                .register(r));
    }

    /** The last check's result (null before the first). */
    public DriftReport last() {
        return last;
    }

    /**
     * Compares the rollups' report with the from-scratch one for every period checked, for the
     * practices the caller may see; repairs the rollups when they drifted.
     */
    public Mono<DriftReport> check() {
        YearMonth month = YearMonth.from(LocalDate.now(clock));
        List<Period> periods =
                List.of(
                        Period.ALL,
                        Period.parse(month.minusMonths(2).toString(), month.toString()));
        return compare(periods)
                .flatMap(d -> d.isEmpty() ? Mono.just(d) : compare(periods))
                .flatMap(
                        d -> {
                            DriftReport r =
                                    new DriftReport(
                                            Instant.now(clock),
                                            periods.stream().map(MetricsDriftCheck::name).toList(),
                                            d.size(),
                                            d.subList(0, Math.min(LISTED, d.size())));
                            last = r;
                            if (d.isEmpty()) {
                                log.info("metrics rollups: no drift from the from-scratch figures");
                                return Mono.just(r);
                            }
                            log.warn(
                                    "metrics rollups drift: {} figure(s) differ from the from-scratch"
                                            + " computation, rebuilding the rollups: {}",
                                    d.size(),
                                    r.differences());
                            return rollups.rebuild().thenReturn(r);
                        });
    }

    private static String name(Period p) {
        return (p.from() == null ? "" : p.from().toString())
                + ".."
                + (p.to() == null ? "" : p.to().toString());
    }

    private Mono<List<String>> compare(List<Period> periods) {
        return Flux.fromIterable(periods)
                .concatMap(
                        p ->
                                metrics.report(p)
                                        .zipWith(metrics.referenceReport(p))
                                        .map(
                                                t -> {
                                                    List<String> out = new ArrayList<>();
                                                    diff(
                                                            name(p),
                                                            json.valueToTree(t.getT1()),
                                                            json.valueToTree(t.getT2()),
                                                            out);
                                                    return out;
                                                }))
                .reduce(
                        new ArrayList<String>(),
                        (a, b) -> {
                            a.addAll(b);
                            return a;
                        })
                .map(l -> (List<String>) l);
    }

    /** Every leaf where the two differ: {@code path: rollups X, from scratch Y}. */
    static void diff(String path, JsonNode rollup, JsonNode reference, List<String> out) {
        if (rollup != null && reference != null && rollup.isObject() && reference.isObject()) {
            java.util.TreeSet<String> names = new java.util.TreeSet<>();
            rollup.propertyNames().forEach(names::add);
            reference.propertyNames().forEach(names::add);
            for (String n : names) diff(path + "." + n, rollup.get(n), reference.get(n), out);
        } else if (rollup != null
                && reference != null
                && rollup.isArray()
                && reference.isArray()
                && rollup.size() == reference.size()) {
            Iterator<JsonNode> a = rollup.iterator();
            Iterator<JsonNode> b = reference.iterator();
            for (int i = 0; a.hasNext(); i++) diff(path + "[" + i + "]", a.next(), b.next(), out);
        } else if (rollup == null || !rollup.equals(reference)) {
            out.add(path + ": rollups " + rollup + ", from scratch " + reference);
        }
    }

    /** How long until the next drift check hour (UTC). */
    Duration untilNextCheck() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
        ZonedDateTime next =
                now.toLocalDate().atTime(props.driftCheckHour(), 0).atZone(ZoneOffset.UTC);
        if (!next.isAfter(now)) next = next.plusDays(1);
        return Duration.between(now, next);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        loops.add(
                Flux.interval(props.refresh())
                        .onBackpressureDrop()
                        .concatMap(
                                t ->
                                        rollups.fresh()
                                                .onErrorResume(
                                                        e -> {
                                                            log.warn(
                                                                    "metrics rollups not refreshed: {}",
                                                                    e.toString());
                                                            return Mono.empty();
                                                        }),
                                1)
                        .subscribe());
        if (props.driftCheck())
            loops.add(
                    Flux.interval(untilNextCheck(), Duration.ofDays(1))
                            .onBackpressureDrop()
                            .concatMap(
                                    t ->
                                            check().onErrorResume(
                                                            e -> {
                                                                log.warn(
                                                                        "metrics drift check failed: {}",
                                                                        e.toString());
                                                                return Mono.empty();
                                                            }),
                                    1)
                            .subscribe());
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        loops.forEach(Disposable::dispose);
    }
}
