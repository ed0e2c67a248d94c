package org.reclaim.denial;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.core.Page;
import org.reclaim.remittance.AdjustmentText;
import org.reclaim.rules.Category;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Reads denials for the API. */
@Component
public class DenialQueries {

    private static final String COLUMNS =
            """
            d.id, d.practice_id, d.status, d.patient_control_number, d.payer_claim_number, d.line, d.procedure, d.modifiers,
            d.service_date, d.charge, d.paid, d.group_code, d.carc, d.rarcs, d.amount, d.payer_id, d.payer_name,
            d.payment_date, d.remittance_id, d.claim_payment_id, l.submitted_claim_id, d.category, d.root_cause,
            d.appealable, d.next_action, d.deadline, d.deadline_basis, d.expected_recovery, d.playbook,
            d.playbook_reason, d.category_basis, d.payer_type, d.payer_configured, d.triage_warnings,
            d.assignee, d.assigned_at""";

    /**
     * The names on a submitted claim {@code sc} as a search reads them: "first last", "last first"
     * and "last, first" (the patient's, else the subscriber's), one per line. The same expression
     * as the trigram index {@code submitted_claim_names_trgm} (V30), so the search uses it; a
     * search has no line breaks, so it matches within one form.
     */
    static final String NAMES =
            """
            (coalesce(sc.patient_first_name, sc.subscriber_first_name, '') || ' ' \
            || coalesce(sc.patient_last_name, sc.subscriber_last_name, '') || E'\\n' \
            || coalesce(sc.patient_last_name, sc.subscriber_last_name, '') || ' ' \
            || coalesce(sc.patient_first_name, sc.subscriber_first_name, '') || E'\\n' \
            || coalesce(sc.patient_last_name, sc.subscriber_last_name, '') || ', ' \
            || coalesce(sc.patient_first_name, sc.subscriber_first_name, ''))""";

    private final DatabaseClient db;
    private final AdjustmentCategories categories;
    private final Clock clock;

    DenialQueries(DatabaseClient db, AdjustmentCategories categories, Clock clock) {
        this.db = db;
        this.categories = categories;
        this.clock = clock;
    }

    /**
     * Filters of {@code GET /api/v1/denials} and the worklist; any may be null (or empty).
     *
     * @param statuses any of these statuses (one or more); {@code status} is kept for the callers
     *     that name one
     * @param q a search: part of the claim's number (patient control number), the payer's claim
     *     number or the patient's name (first and last, either order; the subscriber's when the
     *     claim names no separate patient), case-insensitive
     * @param dos a date of service: the denied line's, or within the claim's service dates
     * @param assignee the operator the denial is assigned to (user name)
     */
    public record Filter(
            UUID practiceId,
            String payer,
            String carc,
            String group,
            String status,
            LocalDate from,
            LocalDate to,
            LocalDate dosFrom,
            LocalDate dosTo,
            String category,
            List<String> statuses,
            String q,
            LocalDate dos,
            String assignee) {

        public Filter {
            statuses = statuses == null ? List.of() : List.copyOf(statuses);
        }

        public Filter(
                UUID practiceId,
                String payer,
                String carc,
                String group,
                String status,
                LocalDate from,
                LocalDate to,
                LocalDate dosFrom,
                LocalDate dosTo,
                String category) {
            this(
                    practiceId,
                    payer,
                    carc,
                    group,
                    status,
                    from,
                    to,
                    dosFrom,
                    dosTo,
                    category,
                    null,
                    null,
                    null,
                    null);
        }

        public Filter(
                UUID practiceId,
                String payer,
                String carc,
                String group,
                String status,
                LocalDate from,
                LocalDate to,
                LocalDate dosFrom,
                LocalDate dosTo) {
            this(practiceId, payer, carc, group, status, from, to, dosFrom, dosTo, null);
        }
    }

    public Mono<Page<DenialView>> list(Filter f, Page.Request page) {
        return list(f, page, false);
    }

    /**
     * The worklist: open (not yet resolved or closed), triaged denials ordered by priority (highest
     * first), then by deadline. The priority is computed in the query from today's date, so the
     * order is always today's.
     */
    public Mono<Page<DenialView>> worklist(Filter f, Page.Request page) {
        return worklist(f, page, WorklistOrder.PRIORITY);
    }

    /** The worklist's orders: by priority (the default), by nearest deadline, by largest amount. */
    public enum WorklistOrder {
        PRIORITY(Priority.SQL + " DESC, d.deadline NULLS LAST, d.id"),
        DEADLINE("d.deadline NULLS LAST, d.id"),
        AMOUNT("d.amount DESC, d.id");

        private final String sql;

        WorklistOrder(String sql) {
            this.sql = sql;
        }
    }

    public Mono<Page<DenialView>> worklist(Filter f, Page.Request page, WorklistOrder order) {
        return PracticeScope.current().flatMap(scope -> list(scope, f, page, order));
    }

    private Mono<Page<DenialView>> list(Filter f, Page.Request page, boolean worklist) {
        return PracticeScope.current()
                .flatMap(scope -> list(scope, f, page, worklist ? WorklistOrder.PRIORITY : null));
    }

    /**
     * {@code order} null: every denial, newest payment first; otherwise the worklist in that order.
     */
    private Mono<Page<DenialView>> list(
            PracticeScope scope, Filter f, Page.Request page, WorklistOrder order) {
        boolean worklist = order != null;
        StringBuilder where = new StringBuilder(" WHERE " + scope.sql("d.practice_id"));
        Map<String, Object> binds = new LinkedHashMap<>();
        if (f.practiceId() != null) {
            where.append(" AND d.practice_id = :practice");
            binds.put("practice", f.practiceId());
        }
        if (worklist) {
            where.append(
                    " AND d.status NOT IN ("
                            + org.reclaim.denial.DenialStatus.terminalSql()
                            + ") AND d.category IS NOT NULL");
        }
        if (f.category() != null) {
            where.append(" AND d.category = :category");
            binds.put("category", f.category());
        }
        if (f.payer() != null) {
            where.append(" AND (d.payer_id = :payer OR d.payer_name ILIKE :payerName)");
            binds.put("payer", f.payer());
            binds.put("payerName", "%" + likeEscaped(f.payer()) + "%");
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
        if (!f.statuses().isEmpty()) {
            where.append(" AND d.status = ANY(:statuses)");
            binds.put("statuses", f.statuses().toArray(String[]::new));
        }
        if (f.q() != null) {
            // the claim's and the payer's numbers, and the names on the claim we sent (the
            // patient's, or the subscriber's when the subscriber is the patient): each a trigram
            // index's search (V30), so a search does not read every denial
            where.append(
                    " AND d.id IN ("
                            + """
                      SELECT x.id FROM denial x WHERE x.patient_control_number ILIKE :q
                      UNION SELECT x.id FROM denial x WHERE x.payer_claim_number ILIKE :q
                      UNION SELECT x.id FROM submitted_claim sc
                            JOIN claim_payment_link cl ON cl.submitted_claim_id = sc.id
                            JOIN denial x ON x.claim_payment_id = cl.claim_payment_id
                            WHERE"""
                            + " "
                            + NAMES
                            + " ILIKE :q)");
            binds.put("q", "%" + likeEscaped(f.q().replaceAll("\\p{Cntrl}", " ")) + "%");
        }
        if (f.dos() != null) {
            where.append(
                    " AND"
                            + """
                      (d.service_date = :dos OR (d.service_date IS NULL AND EXISTS (
                          SELECT 1 FROM claim_payment cp WHERE cp.id = d.claim_payment_id
                            AND cp.service_from <= :dos AND coalesce(cp.service_to, cp.service_from) >= :dos)))""");
            binds.put("dos", f.dos());
        }
        if (f.assignee() != null) {
            where.append(" AND d.assignee = :assignee");
            binds.put("assignee", f.assignee());
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
        String from =
                " FROM denial d LEFT JOIN claim_payment_link l ON l.claim_payment_id = d.claim_payment_id";
        var count =
                scope.bind(bindAll(db.sql("SELECT count(*) AS n" + from + where), binds))
                        .map(r -> r.get("n", Long.class))
                        .one();
        String orderBy =
                worklist
                        ? " ORDER BY " + order.sql
                        : " ORDER BY d.payment_date DESC NULLS LAST, d.id";
        Map<String, Object> rowBinds = new LinkedHashMap<>(binds);
        if (worklist && order == WorklistOrder.PRIORITY) rowBinds.put("today", today());
        var rows =
                scope.bind(
                                bindAll(
                                        db.sql(
                                                "SELECT "
                                                        + COLUMNS
                                                        + from
                                                        + where
                                                        + orderBy
                                                        + " LIMIT :limit OFFSET :offset"),
                                        rowBinds))
                        .bind("limit", page.size())
                        .bind("offset", page.offset())
                        .map(this::denial)
                        .all()
                        .collectList()
                        .flatMap(this::withAdjustments)
                        .flatMap(this::withRefusals)
                        .flatMap(this::withEscalations);
        return Page.of(page, rows, count);
    }

    /**
     * A denial the caller may see; empty when it does not exist or belongs to a practice out of
     * scope.
     */
    public Mono<DenialView> one(UUID id) {
        return PracticeScope.current()
                .flatMap(
                        scope ->
                                scope.bind(
                                                db.sql(
                                                        "SELECT "
                                                                + COLUMNS
                                                                + " FROM denial d LEFT JOIN claim_payment_link l ON l.claim_payment_id = d.claim_payment_id"
                                                                + " WHERE "
                                                                + scope.sql("d.practice_id")
                                                                + " AND d.id = :id"))
                                        .bind("id", id)
                                        .map(this::denial)
                                        .all()
                                        .collectList()
                                        .flatMap(this::withAdjustments)
                                        .flatMap(this::withRefusals)
                                        .flatMap(this::withEscalations)
                                        .flatMap(l -> Mono.justOrEmpty(l.stream().findFirst()))
                                        .flatMap(this::withWaiting));
    }

    /** Denials of the given claim payments (remittance and claim views). */
    public Mono<List<DenialView>> ofClaimPayments(List<UUID> claimPaymentIds) {
        if (claimPaymentIds.isEmpty()) return Mono.just(List.of());
        return PracticeScope.current()
                .flatMap(
                        scope ->
                                scope.bind(
                                                db.sql(
                                                        "SELECT "
                                                                + COLUMNS
                                                                + " FROM denial d LEFT JOIN claim_payment_link l ON l.claim_payment_id = d.claim_payment_id"
                                                                + " WHERE "
                                                                + scope.sql("d.practice_id")
                                                                + " AND d.claim_payment_id = ANY(:ids) ORDER BY d.id"))
                                        .bind("ids", claimPaymentIds.toArray(UUID[]::new))
                                        .map(this::denial)
                                        .all()
                                        .collectList()
                                        .flatMap(this::withAdjustments)
                                        .flatMap(this::withRefusals));
    }

    /**
     * A denial's adjustments are those of its line, or the claim-level ones for a claim-level
     * denial, with the remarks of the same level (a line's LQ codes, the claim's MOA/MIA codes:
     * docs/contracts.md §2 as {@code inspect} writes them); their category and workability are the
     * catalog's in force now.
     */
    private Mono<List<DenialView>> withAdjustments(List<DenialView> denials) {
        if (denials.isEmpty()) return Mono.just(denials);
        AdjustmentCategories t = categories;
        Map<UUID, DenialView> byId = new HashMap<>();
        for (DenialView d : denials) byId.put(d.id(), d);
        UUID[] ids = denials.stream().map(DenialView::id).toArray(UUID[]::new);
        return db.sql(
                        """
                        SELECT d.id, d.line, cp.patient_control_number, cp.payer_claim_number,
                               CASE WHEN d.line IS NULL THEN cp.adjustments ELSE sl.adjustments END AS adjustments,
                               CASE WHEN d.line IS NULL THEN cp.remarks ELSE sl.rarcs END AS rarcs
                        FROM denial d
                        JOIN claim_payment cp ON cp.id = d.claim_payment_id
                        LEFT JOIN service_line sl ON sl.claim_payment_id = d.claim_payment_id AND sl.line_index = d.line
                        WHERE d.id = ANY(:ids)""")
                .bind("ids", ids)
                .map(
                        r -> {
                            UUID id = r.get("id", UUID.class);
                            return Map.entry(id, adjustments(r, t, byId.get(id)));
                        })
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(
                        byDenial -> {
                            List<DenialView> out = new ArrayList<>(denials.size());
                            for (DenialView d : denials)
                                out.add(
                                        d.withAdjustments(
                                                byDenial.getOrDefault(d.id(), List.of())));
                            return out;
                        });
    }

    /**
     * What the denial's work item waits for: it is READY for later and its step's last run ended
     * WAITING (the step log's reason: the partner's word, the fault, our own limits).
     */
    private Mono<DenialView> withWaiting(DenialView d) {
        return db.sql(
                        """
                        SELECT r.step, r.detail, w.next_run_at FROM work_item w
                        JOIN LATERAL (SELECT step, outcome, detail FROM step_run s
                                      WHERE s.denial_id = w.denial_id AND s.step_index = w.step_index
                                      ORDER BY s.started_at DESC, s.id DESC LIMIT 1) r ON true
                        WHERE w.denial_id = :id AND w.state = 'READY' AND r.outcome = 'WAITING'""")
                .bind("id", d.id())
                .map(
                        r ->
                                new DenialView.Waiting(
                                        r.get("step", String.class),
                                        r.get("detail", String.class),
                                        r.get("next_run_at", java.time.OffsetDateTime.class)))
                .one()
                .map(d::withWaiting)
                .defaultIfEmpty(d);
    }

    /**
     * Each escalated denial's escalation: the move to ESCALATED (its reason, who, when), with the
     * step that led to a playbook's ESCALATE step when the reason says no more than that, and what
     * the person must do ({@link EscalationTodo}).
     */
    private Mono<List<DenialView>> withEscalations(List<DenialView> denials) {
        UUID[] ids =
                denials.stream()
                        .filter(d -> DenialStatus.ESCALATED.name().equals(d.status()))
                        .map(DenialView::id)
                        .toArray(UUID[]::new);
        if (ids.length == 0) return Mono.just(denials);
        return db.sql(
                        """
                        SELECT DISTINCT ON (e.denial_id) e.denial_id, e.actor, e.reason, e.at,
                               (SELECT s.step || ' ended ' || s.outcome || ': ' || s.detail FROM step_run s
                                WHERE s.denial_id = e.denial_id AND s.step <> 'ESCALATE' AND s.started_at <= e.at
                                ORDER BY s.started_at DESC, s.id DESC LIMIT 1) AS led_by
                        FROM denial_event e
                        WHERE e.denial_id = ANY(:ids) AND e.to_status = 'ESCALATED'
                        ORDER BY e.denial_id, e.at DESC, e.id DESC""")
                .bind("ids", ids)
                .map(
                        r -> {
                            String actor = r.get("actor", String.class);
                            String reason = r.get("reason", String.class);
                            String ledBy = r.get("led_by", String.class);
                            String shown =
                                    ledBy != null && reason.endsWith("asks for a person")
                                            ? reason + " after " + ledBy
                                            : reason;
                            return Map.entry(
                                    r.get("denial_id", UUID.class),
                                    new DenialView.Escalation(
                                            shown,
                                            EscalationTodo.of(actor, reason),
                                            r.get("at", java.time.OffsetDateTime.class),
                                            actor));
                        })
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(
                        byDenial -> {
                            List<DenialView> out = new ArrayList<>(denials.size());
                            for (DenialView d : denials) {
                                DenialView.Escalation e = byDenial.get(d.id());
                                out.add(e == null ? d : d.withEscalation(e));
                            }
                            return out;
                        });
    }

    /**
     * What partners refused of the agent's submissions for these denials (the submission outbox),
     * oldest first.
     */
    private Mono<List<DenialView>> withRefusals(List<DenialView> denials) {
        if (denials.isEmpty()) return Mono.just(denials);
        return db.sql(
                        """
                        SELECT denial_id, channel, kind, refusal_reason, refused_at, status FROM submission
                        WHERE denial_id = ANY(:ids) AND refused_at IS NOT NULL
                        ORDER BY refused_at, id""")
                .bind("ids", denials.stream().map(DenialView::id).toArray(UUID[]::new))
                .map(
                        r ->
                                Map.entry(
                                        r.get("denial_id", UUID.class),
                                        new DenialView.Refusal(
                                                r.get("channel", String.class),
                                                r.get("kind", String.class),
                                                r.get("refusal_reason", String.class),
                                                r.get("refused_at", java.time.OffsetDateTime.class),
                                                r.get("status", String.class))))
                .all()
                .collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
                .map(
                        byDenial -> {
                            List<DenialView> out = new ArrayList<>(denials.size());
                            for (DenialView d : denials) {
                                var refusals = byDenial.get(d.id());
                                out.add(
                                        refusals == null
                                                ? d
                                                : d.withRefusals(List.copyOf(refusals)));
                            }
                            return out;
                        });
    }

    static List<DenialView.AdjustmentView> adjustments(
            Readable r, AdjustmentCategories t, DenialView d) {
        String patientControlNumber = r.get("patient_control_number", String.class);
        String payerClaimNumber = r.get("payer_claim_number", String.class);
        Integer line = r.get("line", Integer.class);
        List<String> rarcs = strings(r, "rarcs");
        List<String> payerIds = d.payer().id() == null ? List.of() : List.of(d.payer().id());
        List<DenialView.AdjustmentView> list = new ArrayList<>();
        for (AdjustmentText.Entry e : AdjustmentText.decode(r.get("adjustments", String.class))) {
            Category c = t.categoryOf(d.payer().name(), payerIds, e.group(), e.carc(), rarcs);
            list.add(
                    new DenialView.AdjustmentView(
                            patientControlNumber,
                            payerClaimNumber,
                            line,
                            e.group(),
                            e.carc(),
                            rarcs,
                            e.amount(),
                            e.quantity(),
                            c.name(),
                            c.workable()));
        }
        return list;
    }

    /**
     * {@code s} for an ILIKE pattern: its own {@code \\}, {@code %} and {@code _} match themselves.
     */
    private static String likeEscaped(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static DatabaseClient.GenericExecuteSpec bindAll(
            DatabaseClient.GenericExecuteSpec spec, Map<String, Object> binds) {
        for (var e : binds.entrySet()) spec = spec.bind(e.getKey(), e.getValue());
        return spec;
    }

    DenialView denial(Readable r) {
        UUID submitted = r.get("submitted_claim_id", UUID.class);
        LocalDate deadline = r.get("deadline", LocalDate.class);
        BigDecimal expected = r.get("expected_recovery", BigDecimal.class);
        Long daysLeft = deadline == null ? null : ChronoUnit.DAYS.between(today(), deadline);
        String[] warnings = r.get("triage_warnings", String[].class);
        return new DenialView(
                r.get("id", UUID.class),
                r.get("practice_id", UUID.class),
                r.get("status", String.class),
                r.get("patient_control_number", String.class),
                r.get("payer_claim_number", String.class),
                r.get("line", Integer.class),
                r.get("procedure", String.class),
                strings(r, "modifiers"),
                r.get("service_date", LocalDate.class),
                r.get("charge", BigDecimal.class),
                r.get("paid", BigDecimal.class),
                r.get("group_code", String.class),
                r.get("carc", String.class),
                strings(r, "rarcs"),
                r.get("amount", BigDecimal.class),
                true,
                new DenialView.Party(
                        r.get("payer_id", String.class),
                        r.get("payer_name", String.class),
                        r.get("payer_type", String.class),
                        r.get("payer_configured", Boolean.class)),
                r.get("payment_date", LocalDate.class),
                r.get("remittance_id", UUID.class),
                r.get("claim_payment_id", UUID.class),
                submitted,
                submitted != null,
                r.get("category", String.class),
                r.get("root_cause", String.class),
                r.get("appealable", Boolean.class),
                r.get("next_action", String.class),
                deadline,
                r.get("deadline_basis", String.class),
                daysLeft,
                daysLeft == null ? null : daysLeft < 0,
                expected,
                expected == null || daysLeft == null ? null : Priority.of(expected, daysLeft),
                r.get("playbook", String.class),
                r.get("playbook_reason", String.class),
                r.get("category_basis", String.class),
                warnings == null ? null : Arrays.asList(warnings),
                List.of(),
                List.of(),
                null,
                r.get("assignee", String.class),
                null);
    }

    static List<String> strings(Readable r, String column) {
        String[] a = r.get(column, String[].class);
        return a == null ? List.of() : Arrays.asList(a);
    }

    /**
     * The service's date (UTC), from which days left to a deadline are counted, as triage counts
     * them.
     */
    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }
}
