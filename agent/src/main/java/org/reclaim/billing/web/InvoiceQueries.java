package org.reclaim.billing.web;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.reclaim.billing.InvoiceStatus;
import org.reclaim.core.Page;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads invoices for the API and the pages, as the caller: only the practices of its {@link
 * PracticeScope} (row-level security filters the same rows; the query says so too).
 */
@Component
class InvoiceQueries {

    private static final String COLUMNS =
            """
            i.id, i.practice_id, i.number, i.month, i.status, i.line_count, i.total_recovered, i.total_fee,
            i.created_at, i.updated_at, i.issued_at, i.paid_at""";

    private final DatabaseClient db;

    InvoiceQueries(DatabaseClient db) {
        this.db = db;
    }

    /** Newest month first; {@code month} and {@code status} may be null. */
    Mono<Page<InvoiceView>> list(YearMonth month, InvoiceStatus status, Page.Request page) {
        return PracticeScope.current()
                .flatMap(
                        scope -> {
                            StringBuilder where = new StringBuilder(" WHERE true");
                            Map<String, Object> binds = new LinkedHashMap<>();
                            if (!scope.all()) {
                                where.append(" AND i.practice_id = ANY(:scope)");
                                binds.put("scope", scope.practices().toArray(UUID[]::new));
                            }
                            if (month != null) {
                                where.append(" AND i.month = :month");
                                binds.put("month", month.atDay(1));
                            }
                            if (status != null) {
                                where.append(" AND i.status = :status");
                                binds.put("status", status.name());
                            }
                            var count =
                                    bind(
                                                    db.sql(
                                                            "SELECT count(*) AS n FROM invoice i"
                                                                    + where),
                                                    binds)
                                            .map(r -> r.get("n", Long.class))
                                            .one();
                            var rows =
                                    bind(
                                                    db.sql(
                                                            "SELECT "
                                                                    + COLUMNS
                                                                    + " FROM invoice i"
                                                                    + where
                                                                    + " ORDER BY i.month DESC, i.practice_id, i.id LIMIT :limit OFFSET :offset"),
                                                    binds)
                                            .bind("limit", page.size())
                                            .bind("offset", page.offset())
                                            .map(InvoiceQueries::invoice)
                                            .all()
                                            .collectList();
                            return Page.of(page, rows, count);
                        });
    }

    /**
     * The invoice with its lines (oldest resolution first); empty when the caller cannot see it.
     */
    Mono<InvoiceDetail> one(UUID id) {
        return PracticeScope.current()
                .flatMap(
                        scope -> {
                            var spec =
                                    db.sql(
                                                    "SELECT "
                                                            + COLUMNS
                                                            + " FROM invoice i WHERE i.id = :id"
                                                            + (scope.all()
                                                                    ? ""
                                                                    : " AND i.practice_id = ANY(:scope)"))
                                            .bind("id", id);
                            if (!scope.all())
                                spec = spec.bind("scope", scope.practices().toArray(UUID[]::new));
                            return spec.map(InvoiceQueries::invoice).one();
                        })
                .flatMap(
                        i ->
                                db.sql(
                                                """
                                SELECT id, billable_event_id, denial_id, patient_control_number, payer_claim_number,
                                       payer_id, payer_name, resolved_at, recovered, fee
                                FROM invoice_line WHERE invoice_id = :id AND practice_id = :practice
                                ORDER BY resolved_at, id""")
                                        .bind("id", id)
                                        .bind("practice", i.practiceId())
                                        .map(
                                                r ->
                                                        new InvoiceLineView(
                                                                r.get("id", UUID.class),
                                                                r.get(
                                                                        "billable_event_id",
                                                                        UUID.class),
                                                                r.get("denial_id", UUID.class),
                                                                r.get(
                                                                        "patient_control_number",
                                                                        String.class),
                                                                r.get(
                                                                        "payer_claim_number",
                                                                        String.class),
                                                                r.get("payer_id", String.class),
                                                                r.get("payer_name", String.class),
                                                                r.get(
                                                                        "resolved_at",
                                                                        OffsetDateTime.class),
                                                                r.get(
                                                                        "recovered",
                                                                        BigDecimal.class),
                                                                r.get("fee", BigDecimal.class)))
                                        .all()
                                        .collectList()
                                        .map(lines -> InvoiceDetail.of(i, lines)));
    }

    private static InvoiceView invoice(Readable r) {
        return new InvoiceView(
                r.get("id", UUID.class),
                r.get("practice_id", UUID.class),
                r.get("number", String.class),
                YearMonth.from(r.get("month", LocalDate.class)).toString(),
                InvoiceStatus.valueOf(r.get("status", String.class)),
                r.get("line_count", Integer.class),
                r.get("total_recovered", BigDecimal.class),
                r.get("total_fee", BigDecimal.class),
                r.get("created_at", OffsetDateTime.class),
                r.get("updated_at", OffsetDateTime.class),
                r.get("issued_at", OffsetDateTime.class),
                r.get("paid_at", OffsetDateTime.class));
    }

    private static DatabaseClient.GenericExecuteSpec bind(
            DatabaseClient.GenericExecuteSpec spec, Map<String, Object> binds) {
        for (var e : binds.entrySet()) spec = spec.bind(e.getKey(), e.getValue());
        return spec;
    }
}
