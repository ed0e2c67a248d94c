package org.reclaim.workqueue.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.core.Page;
import org.reclaim.denial.DenialQueries;
import org.reclaim.denial.DenialView;
import org.reclaim.review.OperatorActions;
import org.reclaim.rules.Category;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Artifacts;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import reactor.core.publisher.Mono;

/**
 * The operator pages: the worklist; a denial's page is {@link DenialPages}, the review queue is
 * {@code review.web.ReviewPages}. Pages read through the same scoped queries as the API; forms post
 * back here and redirect (no script needed). Each decision records how long the operator had the
 * page open. Their errors are answered by {@link PageErrors}.
 */
@Controller
class WorkqueuePages {

    private final DatabaseClient db;
    private final DenialQueries denials;
    private final OperatorActions actions;
    private final Artifacts artifacts;
    private final TriageService triage;

    WorkqueuePages(
            DatabaseClient db,
            DenialQueries denials,
            OperatorActions actions,
            Artifacts artifacts,
            TriageService triage) {
        this.db = db;
        this.denials = denials;
        this.actions = actions;
        this.artifacts = artifacts;
        this.triage = triage;
    }

    public record Row(
            UUID id,
            String practice,
            String patientControlNumber,
            String payer,
            String category,
            String status,
            BigDecimal amount,
            LocalDate deadline,
            Long daysLeft,
            BigDecimal priority,
            String carc) {
        public String urgency() {
            if (daysLeft == null) return "";
            return daysLeft < 0 ? "expired" : daysLeft <= 7 ? "soon" : "";
        }
    }

    @GetMapping("/worklist")
    Mono<String> worklist(
            @RequestParam(defaultValue = "priority") String sort,
            @RequestParam(required = false) String practice,
            @RequestParam(required = false) String payer,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        DenialQueries.WorklistOrder order =
                switch (sort) {
                    case "deadline" -> DenialQueries.WorklistOrder.DEADLINE;
                    case "amount" -> DenialQueries.WorklistOrder.AMOUNT;
                    default -> DenialQueries.WorklistOrder.PRIORITY;
                };
        String sortKey = order.name().toLowerCase(java.util.Locale.ROOT);
        Page.Request request = Page.Request.of(Math.max(page, 0), 50);
        return db.sql("SELECT id, slug FROM practice ORDER BY slug")
                .map(r -> Map.entry(r.get("slug", String.class), r.get("id", UUID.class)))
                .all()
                .collectList()
                .flatMap(
                        practices -> {
                            Map<UUID, String> slugs = new LinkedHashMap<>();
                            UUID practiceId = null;
                            for (var e : practices) {
                                slugs.put(e.getValue(), e.getKey());
                                if (notBlank(practice) && e.getKey().equals(practice.trim()))
                                    practiceId = e.getValue();
                            }
                            if (notBlank(practice) && practiceId == null) {
                                return Mono.just(
                                                new Page<DenialView>(
                                                        List.of(),
                                                        request.page(),
                                                        request.size(),
                                                        0))
                                        .map(
                                                p ->
                                                        show(
                                                                model, p, slugs, sortKey, practice,
                                                                payer, category, status));
                            }
                            var filter =
                                    new DenialQueries.Filter(
                                            practiceId,
                                            trimmed(payer),
                                            null,
                                            null,
                                            trimmed(status),
                                            null,
                                            null,
                                            null,
                                            null,
                                            trimmed(category));
                            return denials.worklist(filter, request, order)
                                    .map(
                                            p ->
                                                    show(
                                                            model, p, slugs, sortKey, practice,
                                                            payer, category, status));
                        });
    }

    private static String show(
            Model model,
            Page<DenialView> p,
            Map<UUID, String> slugs,
            String sortKey,
            String practice,
            String payer,
            String category,
            String status) {
        List<Row> rows =
                p.content().stream()
                        .map(
                                d ->
                                        new Row(
                                                d.id(),
                                                slugs.get(d.practiceId()),
                                                d.patientControlNumber(),
                                                firstNonBlank(d.payer().name(), d.payer().id()),
                                                d.category(),
                                                d.status(),
                                                d.amount(),
                                                d.deadline(),
                                                d.daysLeft(),
                                                d.priority(),
                                                d.carc()))
                        .toList();
        model.addAttribute("rows", rows);
        model.addAttribute("total", p.totalElements());
        model.addAttribute("practices", List.copyOf(slugs.values()));
        model.addAttribute("categories", Category.values());
        model.addAttribute("sort", sortKey);
        model.addAttribute("page", p.page());
        model.addAttribute("pages", (p.totalElements() + p.size() - 1) / p.size());
        model.addAttribute("filter", filters(practice, payer, category, status));
        return "worklist";
    }

    private static String trimmed(String s) {
        return notBlank(s) ? s.trim() : null;
    }

    private static Map<String, String> filters(
            String practice, String payer, String category, String status) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("practice", practice == null ? "" : practice);
        m.put("payer", payer == null ? "" : payer);
        m.put("category", category == null ? "" : category);
        m.put("status", status == null ? "" : status);
        return m;
    }

    private static DatabaseClient.GenericExecuteSpec bind(
            DatabaseClient.GenericExecuteSpec spec, Map<String, Object> binds) {
        for (var e : binds.entrySet()) spec = spec.bind(e.getKey(), e.getValue());
        return spec;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
