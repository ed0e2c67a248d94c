package org.reclaim.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.reclaim.work.AnswerWakes;
import org.springframework.context.annotation.Profile;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * {@code demo --stats}: seconds from an answer's arrival to the step acting on it, on the service
 * clock. Each item an answer woke ({@link AnswerWakes}) is kept with the time its file was stored
 * (when the wake ran, right after); its latency is to the start of the next step run of that
 * denial. Median and 95th percentile (nearest rank).
 */
@Component
@Profile("demo")
class AnswerLatency implements AnswerWakes.Woken {

    private record Wake(UUID denial, Instant at) {}

    private final ConcurrentLinkedQueue<Wake> wakes = new ConcurrentLinkedQueue<>();

    @Override
    public void woken(UUID file, Instant at, List<UUID> denials) {
        for (UUID d : denials) wakes.add(new Wake(d, at));
    }

    /** Seconds from each wake to the step that followed it, smallest first; unanswered left out. */
    List<Double> seconds(DatabaseClient db) {
        List<Wake> all = List.copyOf(wakes);
        if (all.isEmpty()) return List.of();
        Map<UUID, List<Instant>> runs = new HashMap<>();
        db.sql(
                        "SELECT denial_id, started_at FROM step_run WHERE denial_id = ANY(:ids) ORDER BY started_at")
                .bind("ids", all.stream().map(Wake::denial).distinct().toArray(UUID[]::new))
                .map(
                        r ->
                                Map.entry(
                                        r.get("denial_id", UUID.class),
                                        r.get("started_at", OffsetDateTime.class).toInstant()))
                .all()
                .doOnNext(
                        e ->
                                runs.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                        .add(e.getValue()))
                .blockLast();
        List<Double> out = new ArrayList<>();
        for (Wake w : all) {
            for (Instant started : runs.getOrDefault(w.denial(), List.of())) {
                if (started.isBefore(w.at())) continue;
                out.add(Duration.between(w.at(), started).toNanos() / 1e9);
                break;
            }
        }
        Collections.sort(out);
        return out;
    }

    /** The stats line. */
    String line(DatabaseClient db) {
        List<Double> s = seconds(db);
        if (s.isEmpty()) return "stats: answer to action: no answer woke a waiting step";
        return String.format(
                Locale.ROOT,
                "stats: answer to action: %d waiting steps woken by their answer; from the answer's arrival"
                        + " to the step acting on it (service clock) median %.1f s, p95 %.1f s",
                s.size(),
                rank(s, 0.50),
                rank(s, 0.95));
    }

    private static double rank(List<Double> sorted, double p) {
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
