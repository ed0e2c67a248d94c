package org.reclaim.prevention.gate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * What the gate did in a period (docs/prevention.md, "Prevention on the dashboard"), from {@code
 * held_claim} alone, by the day a claim came through the gate: {@code scrubbed} (every claim),
 * {@code held} (kept for a person: not sent at once by the gate), {@code fixed} (at least one fix,
 * an operator's or the 271's member id), {@code released} (by an operator), {@code dropped}, {@code
 * waiting} (HELD now), and the estimate of denials prevented: held or fixed claims that were not
 * released unchanged, whose findings predicted a CARC or that were fixed, with their charges.
 */
@Service
public class PreventionFigures {

    private static final String FIGURES =
            """
            SELECT count(*) AS scrubbed,
                   count(*) FILTER (WHERE h.decided_by IS DISTINCT FROM 'gate') AS held,
                   count(*) FILTER (WHERE jsonb_array_length(h.fixes) > 0) AS fixed,
                   count(*) FILTER (WHERE h.status IN ('RELEASED', 'SENT')
                                      AND h.decided_by IS DISTINCT FROM 'gate') AS released,
                   count(*) FILTER (WHERE h.status = 'DROPPED') AS dropped,
                   count(*) FILTER (WHERE h.status = 'HELD') AS waiting,
                   count(*) FILTER (WHERE %1$s) AS prevented,
                   coalesce(sum(h.charge) FILTER (WHERE %1$s), 0) AS prevented_dollars
            FROM held_claim h
            WHERE h.received_at >= :from AND h.received_at < :to AND %2$s""";

    /**
     * A denial prevented: fixed, or kept (held or dropped, not released as it was) with a finding
     * that predicts a CARC.
     */
    private static final String PREVENTED =
            """
            (jsonb_array_length(h.fixes) > 0
             OR (h.decided_by IS DISTINCT FROM 'gate' AND h.status IN ('HELD', 'DROPPED')
                 AND EXISTS (SELECT 1 FROM jsonb_array_elements(h.findings) f WHERE f ? 'carc')))""";

    private final DatabaseClient db;

    PreventionFigures(DatabaseClient db) {
        this.db = db;
    }

    /**
     * The figures for claims through the gate from {@code from} to {@code to} (days, inclusive).
     */
    public Mono<Map<String, Object>> of(PracticeScope scope, LocalDate from, LocalDate to) {
        OffsetDateTime start =
                (from == null ? LocalDate.of(1, 1, 1) : from)
                        .atStartOfDay()
                        .atOffset(ZoneOffset.UTC);
        OffsetDateTime end =
                (to == null ? LocalDate.of(9999, 12, 30) : to)
                        .plusDays(1)
                        .atStartOfDay()
                        .atOffset(ZoneOffset.UTC);
        return scope.bind(db.sql(FIGURES.formatted(PREVENTED, scope.sql("h.practice_id"))))
                .bind("from", start)
                .bind("to", end)
                .map(
                        r -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            for (String k :
                                    new String[] {
                                        "scrubbed",
                                        "held",
                                        "fixed",
                                        "released",
                                        "dropped",
                                        "waiting",
                                        "prevented"
                                    }) m.put(k, r.get(k, Long.class));
                            m.put(
                                    "preventedDollars",
                                    r.get("prevented_dollars", BigDecimal.class)
                                            .setScale(2, java.math.RoundingMode.HALF_UP));
                            return m;
                        })
                .one();
    }
}
