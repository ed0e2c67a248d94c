package org.reclaim.denial.web;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.ingest.AdjustmentText;
import org.reclaim.web.Page;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads denials for the API. */
@Component
public class DenialQueries {

    private static final String COLUMNS = """
            d.id, d.status, d.patient_control_number, d.payer_claim_number, d.line, d.procedure, d.modifiers,
            d.service_date, d.charge, d.paid, d.group_code, d.carc, d.rarcs, d.amount, d.payer_id, d.payer_name,
            d.payment_date, d.remittance_id, d.claim_payment_id, l.submitted_claim_id""";

    private final DatabaseClient db;

    DenialQueries(DatabaseClient db) {
        this.db = db;
    }

    /** Filters of {@code GET /api/v1/denials}; any may be null. */
    public record Filter(UUID practiceId, String payer, String carc, String group, String status, LocalDate from,
            LocalDate to, LocalDate dosFrom, LocalDate dosTo) {
    }

    public Mono<Page<DenialView>> list(Filter f, Page.Request page) {
        StringBuilder where = new StringBuilder(" WHERE d.practice_id = :practice");
        Map<String, Object> binds = new LinkedHashMap<>();
        binds.put("practice", f.practiceId());
        if (f.payer() != null) {
            where.append(" AND (d.payer_id = :payer OR d.payer_name ILIKE :payerName)");
            binds.put("payer", f.payer());
            binds.put("payerName", "%" + f.payer().replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (f.carc() != null) {
            where.append(" AND d.carc = :carc");
            binds.put("carc", f.carc());
        }
        if (f.group() != null) {
            where.append(" AND d.group_code = :group");
            binds.put("group", f.group());
        }
        if (f.status() != null) {
            where.append(" AND d.status = :status");
            binds.put("status", f.status());
        }
        if (f.from() != null) {
            where.append(" AND d.payment_date >= :from");
            binds.put("from", f.from());
        }
        if (f.to() != null) {
            where.append(" AND d.payment_date <= :to");
            binds.put("to", f.to());
        }
        if (f.dosFrom() != null) {
            where.append(" AND d.service_date >= :dosFrom");
            binds.put("dosFrom", f.dosFrom());
        }
        if (f.dosTo() != null) {
            where.append(" AND d.service_date <= :dosTo");
            binds.put("dosTo", f.dosTo());
        }
        String from = " FROM denial d LEFT JOIN claim_payment_link l ON l.claim_payment_id = d.claim_payment_id";
        var count = bindAll(db.sql("SELECT count(*) AS n" + from + where), binds)
                .map(r -> r.get("n", Long.class)).one();
        var rows = bindAll(db.sql("SELECT " + COLUMNS + from + where
                        + " ORDER BY d.payment_date DESC NULLS LAST, d.id LIMIT :limit OFFSET :offset"), binds)
                .bind("limit", page.size()).bind("offset", page.offset())
                .map(DenialQueries::denial).all()
                .collectList().flatMap(this::withAdjustments);
        return Mono.zip(rows, count).map(t -> new Page<>(t.getT1(), page.page(), page.size(), t.getT2()));
    }

    public Mono<DenialView> one(UUID practiceId, UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM denial d LEFT JOIN claim_payment_link l ON l.claim_payment_id = d.claim_payment_id"
                        + " WHERE d.practice_id = :practice AND d.id = :id")
                .bind("practice", practiceId).bind("id", id)
                .map(DenialQueries::denial).all().collectList()
                .flatMap(this::withAdjustments).flatMap(l -> Mono.justOrEmpty(l.stream().findFirst()));
    }

    /** Denials of the given claim payments (remittance and claim views). */
    public Mono<List<DenialView>> ofClaimPayments(UUID practiceId, List<UUID> claimPaymentIds) {
        if (claimPaymentIds.isEmpty()) return Mono.just(List.of());
        return db.sql("SELECT " + COLUMNS + " FROM denial d LEFT JOIN claim_payment_link l ON l.claim_payment_id = d.claim_payment_id"
                        + " WHERE d.practice_id = :practice AND d.claim_payment_id = ANY(:ids) ORDER BY d.id")
                .bind("practice", practiceId).bind("ids", claimPaymentIds.toArray(UUID[]::new))
                .map(DenialQueries::denial).all().collectList().flatMap(this::withAdjustments);
    }

    /** A denial's adjustments are those of its line, or the claim-level ones for a claim-level denial. */
    private Mono<List<DenialView>> withAdjustments(List<DenialView> denials) {
        if (denials.isEmpty()) return Mono.just(denials);
        UUID[] ids = denials.stream().map(DenialView::id).toArray(UUID[]::new);
        return db.sql("""
                        SELECT d.id, d.line,
                               CASE WHEN d.line IS NULL THEN cp.adjustments ELSE sl.adjustments END AS adjustments
                        FROM denial d
                        JOIN claim_payment cp ON cp.id = d.claim_payment_id
                        LEFT JOIN service_line sl ON sl.claim_payment_id = d.claim_payment_id AND sl.line_index = d.line
                        WHERE d.id = ANY(:ids)""")
                .bind("ids", ids)
                .map(r -> Map.entry(r.get("id", UUID.class), adjustments(r)))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(byDenial -> {
                    List<DenialView> out = new ArrayList<>(denials.size());
                    for (DenialView d : denials) out.add(d.withAdjustments(byDenial.getOrDefault(d.id(), List.of())));
                    return out;
                });
    }

    static List<DenialView.AdjustmentView> adjustments(Readable r) {
        Integer line = r.get("line", Integer.class);
        List<DenialView.AdjustmentView> list = new ArrayList<>();
        for (AdjustmentText.Entry e : AdjustmentText.decode(r.get("adjustments", String.class))) {
            list.add(new DenialView.AdjustmentView(line, e.group(), e.carc(), e.amount(), e.quantity(), e.workable()));
        }
        return list;
    }

    private static DatabaseClient.GenericExecuteSpec bindAll(DatabaseClient.GenericExecuteSpec spec,
            Map<String, Object> binds) {
        for (var e : binds.entrySet()) spec = spec.bind(e.getKey(), e.getValue());
        return spec;
    }

    static DenialView denial(Readable r) {
        UUID submitted = r.get("submitted_claim_id", UUID.class);
        return new DenialView(r.get("id", UUID.class), r.get("status", String.class),
                r.get("patient_control_number", String.class), r.get("payer_claim_number", String.class),
                r.get("line", Integer.class), r.get("procedure", String.class), strings(r, "modifiers"),
                r.get("service_date", LocalDate.class), r.get("charge", BigDecimal.class),
                r.get("paid", BigDecimal.class), r.get("group_code", String.class), r.get("carc", String.class),
                strings(r, "rarcs"), r.get("amount", BigDecimal.class), true,
                new DenialView.Party(r.get("payer_id", String.class), r.get("payer_name", String.class)),
                r.get("payment_date", LocalDate.class), r.get("remittance_id", UUID.class),
                r.get("claim_payment_id", UUID.class), submitted, submitted != null, List.of());
    }

    static List<String> strings(Readable r, String column) {
        String[] a = r.get(column, String[].class);
        return a == null ? List.of() : Arrays.asList(a);
    }

}
