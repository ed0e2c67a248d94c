package org.reclaim.rejection.web;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.reclaim.core.Page;
import org.reclaim.rejection.RejectionStatus;
import org.reclaim.rejection.Resolution;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads rejections from the view that derives them (V10__rejections.sql), always within the
 * caller's practices, and records the one thing about them that is not derived: an operator closing
 * one.
 */
@Component
class RejectionQueries {

    private final DatabaseClient db;

    RejectionQueries(DatabaseClient db) {
        this.db = db;
    }

    /** Filters of {@code GET /api/v1/rejections}; any may be null. */
    record Filter(UUID practiceId, RejectionStatus status, String payer) {}

    Mono<Page<RejectionView>> list(Filter f, Page.Request page) {
        return PracticeScope.current()
                .flatMap(
                        scope -> {
                            StringBuilder where =
                                    new StringBuilder(" WHERE " + scope.sql("r.practice_id"));
                            Map<String, Object> binds = new LinkedHashMap<>();
                            if (f.practiceId() != null) {
                                where.append(" AND r.practice_id = :practice");
                                binds.put("practice", f.practiceId());
                            }
                            if (f.status() != null) {
                                where.append(" AND r.status = :status");
                                binds.put("status", f.status().name());
                            }
                            if (f.payer() != null) {
                                where.append(
                                        " AND (r.payer_id = :payer OR r.payer_name ILIKE :payerName)");
                                binds.put("payer", f.payer());
                                binds.put(
                                        "payerName",
                                        "%"
                                                + f.payer().replace("%", "\\%").replace("_", "\\_")
                                                + "%");
                            }
                            Mono<Long> count =
                                    bound(
                                                    scope,
                                                    "SELECT count(*) AS n FROM rejection r" + where,
                                                    binds)
                                            .map(r -> r.get("n", Long.class))
                                            .one();
                            Mono<List<RejectionView>> rows =
                                    bound(
                                                    scope,
                                                    "SELECT r.* FROM rejection r"
                                                            + where
                                                            + " ORDER BY r.rejected_at DESC, r.id LIMIT :limit OFFSET :offset",
                                                    binds)
                                            .bind("limit", page.size())
                                            .bind("offset", page.offset())
                                            .map(RejectionQueries::rejection)
                                            .all()
                                            .collectList()
                                            .flatMap(this::withAnswers);
                            return Page.of(page, rows, count);
                        });
    }

    /**
     * A rejection the caller may see; empty when there is none or it belongs to a practice out of
     * scope.
     */
    Mono<RejectionView> one(UUID id) {
        return PracticeScope.current()
                .flatMap(
                        scope ->
                                bound(
                                                scope,
                                                "SELECT r.* FROM rejection r WHERE "
                                                        + scope.sql("r.practice_id")
                                                        + " AND r.id = :id",
                                                Map.of("id", id))
                                        .map(RejectionQueries::rejection)
                                        .all()
                                        .collectList())
                .flatMap(this::withAnswers)
                .flatMap(l -> Mono.justOrEmpty(l.stream().findFirst()));
    }

    /**
     * Closes an open rejection the caller may see, naming the operator and the reason; false when
     * it is not open (any more: resolved, or closed by someone else meanwhile) or not visible.
     */
    Mono<Boolean> close(UUID id, String operator, String reason) {
        return PracticeScope.current()
                .flatMap(
                        scope ->
                                scope.bind(
                                                db.sql(
                                                        """
                                INSERT INTO rejection_closure (submitted_claim_id, practice_id, reason, closed_by)
                                SELECT r.id, r.practice_id, :reason, :operator FROM rejection r
                                WHERE %s AND r.id = :id AND r.status = 'OPEN'
                                ON CONFLICT (submitted_claim_id) DO NOTHING"""
                                                                .formatted(
                                                                        scope.sql(
                                                                                "r.practice_id"))))
                                        .bind("id", id)
                                        .bind("operator", operator)
                                        .bind("reason", reason)
                                        .fetch()
                                        .rowsUpdated()
                                        .map(n -> n > 0));
    }

    private DatabaseClient.GenericExecuteSpec bound(
            PracticeScope scope, String sql, Map<String, Object> binds) {
        DatabaseClient.GenericExecuteSpec spec = scope.bind(db.sql(sql));
        for (Map.Entry<String, Object> b : binds.entrySet())
            spec = spec.bind(b.getKey(), b.getValue());
        return spec;
    }

    /** The answers that rejected each claim, in the order they arrived. */
    private Mono<List<RejectionView>> withAnswers(List<RejectionView> rejections) {
        if (rejections.isEmpty()) return Mono.just(rejections);
        return db.sql(
                        """
                        SELECT x.submitted_claim_id, x.acknowledgment_id, x.type, x.code, x.status, x.reasons, x.day,
                               x.received_at
                        FROM submitted_claim_answer x WHERE x.submitted_claim_id = ANY(:ids) AND NOT x.accepted
                        ORDER BY x.received_at, x.item_id""")
                .bind("ids", rejections.stream().map(RejectionView::id).toArray(UUID[]::new))
                .map(
                        r ->
                                Map.entry(
                                        r.get("submitted_claim_id", UUID.class),
                                        new RejectionView.Answer(
                                                r.get("acknowledgment_id", UUID.class),
                                                r.get("type", String.class),
                                                r.get("code", String.class),
                                                // a 999/997 set answer's status column holds the
                                                // set's type (837), not a status
                                                "277CA".equals(r.get("type", String.class))
                                                        ? r.get("status", String.class)
                                                        : null,
                                                strings(r, "reasons"),
                                                r.get("day", LocalDate.class),
                                                r.get("received_at", OffsetDateTime.class))))
                .all()
                .collect(
                        Collectors.groupingBy(
                                Map.Entry::getKey,
                                Collectors.mapping(Map.Entry::getValue, Collectors.toList())))
                .map(
                        byClaim ->
                                rejections.stream()
                                        .map(
                                                v ->
                                                        v.withAnswers(
                                                                byClaim.getOrDefault(
                                                                        v.id(), List.of())))
                                        .toList());
    }

    private static RejectionView rejection(Readable r) {
        String resolution = r.get("resolution", String.class);
        return new RejectionView(
                r.get("id", UUID.class),
                r.get("id", UUID.class),
                r.get("practice_id", UUID.class),
                r.get("patient_control_number", String.class),
                new RejectionView.Party(
                        r.get("payer_id", String.class), r.get("payer_name", String.class)),
                r.get("charge", BigDecimal.class),
                r.get("service_from", LocalDate.class),
                r.get("service_to", LocalDate.class),
                r.get("submission_date", LocalDate.class),
                r.get("submitted_at", OffsetDateTime.class),
                RejectionStatus.valueOf(r.get("status", String.class)),
                null,
                r.get("rejected_at", OffsetDateTime.class),
                List.of(),
                resolution == null
                        ? null
                        : new RejectionView.ResolutionView(
                                Resolution.valueOf(resolution),
                                r.get("resolved_at", OffsetDateTime.class),
                                r.get("resolved_by_payment", UUID.class),
                                r.get("resolved_by_claim", UUID.class),
                                r.get("closed_by", String.class),
                                r.get("close_reason", String.class)));
    }

    private static List<String> strings(Readable r, String column) {
        String[] a = r.get(column, String[].class);
        return a == null ? List.of() : Arrays.asList(a);
    }
}
