package org.reclaim.workqueue.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.Page;
import org.reclaim.denial.DenialAssignments;
import org.reclaim.denial.DenialQueries;
import org.reclaim.denial.DenialStatus;
import org.reclaim.denial.DenialView;
import org.reclaim.denial.NextMove;
import org.reclaim.review.OperatorActions;
import org.reclaim.rules.Category;
import org.reclaim.security.Callers;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Artifacts;
import org.reclaim.workqueue.SavedViews;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
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
    private final SavedViews views;
    private final DenialAssignments assignments;

    WorkqueuePages(
            DatabaseClient db,
            DenialQueries denials,
            OperatorActions actions,
            Artifacts artifacts,
            TriageService triage,
            SavedViews views,
            DenialAssignments assignments) {
        this.views = views;
        this.assignments = assignments;
        this.db = db;
        this.denials = denials;
        this.actions = actions;
        this.artifacts = artifacts;
        this.triage = triage;
    }

    /**
     * A worklist row: a denial with its claim's line, who owns its next move, and (escalated) what
     * the person must do.
     */
    public record Row(
            UUID id,
            String practice,
            String patientControlNumber,
            String payerClaimNumber,
            Integer line,
            String payer,
            String category,
            String status,
            BigDecimal amount,
            LocalDate deadline,
            Long daysLeft,
            BigDecimal priority,
            BigDecimal expectedRecovery,
            String carc,
            String assignee,
            DenialView.Escalation escalation) {
        public String urgency() {
            if (daysLeft == null) return "";
            return daysLeft < 0 ? "expired" : daysLeft <= 7 ? "soon" : "";
        }

        /** The CSS class of its status chip: who owns the next move. */
        public String owner() {
            NextMove m = NextMove.of(status);
            return m == null ? "" : m.cssClass();
        }

        /** How its priority was computed, for the tooltip. */
        public String priorityExplained() {
            if (priority == null) return "no priority: no expected recovery or no deadline yet";
            if (daysLeft < 0) return "priority 0: the deadline has passed";
            return "priority = expected recovery $"
                    + expectedRecovery.setScale(2, java.math.RoundingMode.HALF_UP)
                    + " × urgency ("
                    + daysLeft
                    + " + 75) / ("
                    + daysLeft
                    + " + 15) with "
                    + daysLeft
                    + " day(s) left; not a dollar amount";
        }
    }

    /** The denials of one claim on this page, in the page's order. */
    public record ClaimGroup(String claim, UUID claimPaymentId, List<Row> rows) {}

    private static final List<String> STATUSES =
            java.util.Arrays.stream(DenialStatus.values())
                    .filter(s -> !s.terminal() && s != DenialStatus.NEW)
                    .map(DenialStatus::name)
                    .toList();

    /**
     * The worklist. With no status and no {@code view=all} it shows what waits for a person
     * (awaiting review, escalated); {@code status} may be given more than once; {@code q} searches
     * claim numbers and patient names, {@code dos} a date of service, {@code assignee=me} the
     * signed-in operator's denials.
     */
    @GetMapping("/worklist")
    Mono<String> worklist(
            @RequestParam(defaultValue = "priority") String sort,
            @RequestParam(required = false) String practice,
            @RequestParam(required = false) String payer,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) List<String> status,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String dos,
            @RequestParam(required = false) String assignee,
            @RequestParam(required = false) String view,
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
        List<String> chosen = statuses(status);
        boolean all = "all".equals(view);
        // a filter from elsewhere (a dashboard tile, a search, "Mine") asks for every open denial
        // it matches; the bare worklist shows what waits for a person
        boolean filtered =
                notBlank(practice)
                        || notBlank(payer)
                        || notBlank(category)
                        || notBlank(q)
                        || notBlank(dos)
                        || notBlank(assignee);
        boolean needsMe = chosen.isEmpty() && !all && !filtered;
        List<String> statuses = needsMe ? NextMove.NEEDS_A_PERSON : chosen;
        LocalDate serviceDate = date("dos", dos);
        String search = trimmed(q);
        if (search != null && search.length() > 100)
            throw new BadRequestException("q must be at most 100 characters");
        String wantedAssignee = trimmed(assignee);
        return Callers.signedInOperator()
                .flatMap(
                        me ->
                                db.sql("SELECT id, slug FROM practice ORDER BY slug")
                                        .map(
                                                r ->
                                                        Map.entry(
                                                                r.get("slug", String.class),
                                                                r.get("id", UUID.class)))
                                        .all()
                                        .collectList()
                                        .zipWith(views.list(me.id()))
                                        .flatMap(
                                                t -> {
                                                    Map<UUID, String> slugs = new LinkedHashMap<>();
                                                    UUID practiceId = null;
                                                    for (var e : t.getT1()) {
                                                        slugs.put(e.getValue(), e.getKey());
                                                        if (notBlank(practice)
                                                                && e.getKey()
                                                                        .equals(practice.trim()))
                                                            practiceId = e.getValue();
                                                    }
                                                    Map<String, Object> f = new LinkedHashMap<>();
                                                    f.put("practice", blank(practice));
                                                    f.put("payer", blank(payer));
                                                    f.put("category", blank(category));
                                                    f.put("q", blank(q));
                                                    f.put("dos", blank(dos));
                                                    f.put("assignee", blank(assignee));
                                                    model.addAttribute("filter", f);
                                                    model.addAttribute("chosen", statuses);
                                                    model.addAttribute("needsMe", needsMe);
                                                    model.addAttribute("views", t.getT2());
                                                    model.addAttribute("me", me.username());
                                                    String query =
                                                            query(
                                                                    sortKey, practice, payer,
                                                                    category, statuses, q, dos,
                                                                    assignee);
                                                    if (chosen.isEmpty() && !needsMe)
                                                        query += "&view=all";
                                                    model.addAttribute("query", query);
                                                    model.addAttribute(
                                                            "csv",
                                                            "/api/v1/worklist.csv?"
                                                                    + apiQuery(
                                                                            sortKey,
                                                                            practiceId,
                                                                            payer,
                                                                            category,
                                                                            statuses,
                                                                            q,
                                                                            dos,
                                                                            assignee));
                                                    if (notBlank(practice) && practiceId == null) {
                                                        return Mono.just(
                                                                show(
                                                                        model,
                                                                        new Page<DenialView>(
                                                                                List.of(),
                                                                                request.page(),
                                                                                request.size(),
                                                                                0),
                                                                        slugs,
                                                                        sortKey));
                                                    }
                                                    var filter =
                                                            new DenialQueries.Filter(
                                                                    practiceId,
                                                                    trimmed(payer),
                                                                    null,
                                                                    null,
                                                                    null,
                                                                    null,
                                                                    null,
                                                                    null,
                                                                    null,
                                                                    trimmed(category),
                                                                    statuses,
                                                                    search,
                                                                    serviceDate,
                                                                    "me".equals(wantedAssignee)
                                                                            ? me.username()
                                                                            : wantedAssignee);
                                                    return denials.worklist(filter, request, order)
                                                            .map(
                                                                    p ->
                                                                            show(
                                                                                    model, p, slugs,
                                                                                    sortKey));
                                                }));
    }

    private static String show(
            Model model, Page<DenialView> p, Map<UUID, String> slugs, String sortKey) {
        Map<UUID, ClaimGroup> groups = new LinkedHashMap<>();
        for (DenialView d : p.content()) {
            Row row =
                    new Row(
                            d.id(),
                            slugs.get(d.practiceId()),
                            d.patientControlNumber(),
                            d.payerClaimNumber(),
                            d.line(),
                            firstNonBlank(d.payer().name(), d.payer().id()),
                            d.category(),
                            d.status(),
                            d.amount(),
                            d.deadline(),
                            d.daysLeft(),
                            d.priority(),
                            d.expectedRecovery(),
                            d.carc(),
                            d.assignee(),
                            d.escalation());
            UUID key = d.claimPaymentId() != null ? d.claimPaymentId() : d.id();
            groups.computeIfAbsent(
                            key,
                            k -> new ClaimGroup(d.patientControlNumber(), k, new ArrayList<>()))
                    .rows()
                    .add(row);
        }
        model.addAttribute("groups", List.copyOf(groups.values()));
        model.addAttribute("rowCount", p.content().size());
        model.addAttribute("total", p.totalElements());
        model.addAttribute("practices", List.copyOf(slugs.values()));
        model.addAttribute("categories", Category.values());
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("sort", sortKey);
        model.addAttribute("page", p.page());
        model.addAttribute("pages", (p.totalElements() + p.size() - 1) / p.size());
        return "worklist";
    }

    /** The page's own query string for these filters (links, saved views), without the page. */
    static String query(
            String sort,
            String practice,
            String payer,
            String category,
            List<String> statuses,
            String q,
            String dos,
            String assignee) {
        List<String> parts = new ArrayList<>();
        add(parts, "sort", sort);
        add(parts, "practice", practice);
        add(parts, "payer", payer);
        add(parts, "category", category);
        for (String s : statuses) add(parts, "status", s);
        add(parts, "q", q);
        add(parts, "dos", dos);
        add(parts, "assignee", assignee);
        return String.join("&", parts);
    }

    /** The API's query string for the same list (the practice by id). */
    private static String apiQuery(
            String sort,
            UUID practice,
            String payer,
            String category,
            List<String> statuses,
            String q,
            String dos,
            String assignee) {
        List<String> parts = new ArrayList<>();
        add(parts, "sort", sort);
        add(parts, "practice", practice == null ? null : practice.toString());
        add(parts, "payer", payer);
        add(parts, "category", category);
        for (String s : statuses) add(parts, "status", s);
        add(parts, "q", q);
        add(parts, "dos", dos);
        add(parts, "assignee", assignee);
        return String.join("&", parts);
    }

    private static void add(List<String> parts, String key, String value) {
        if (value == null || value.isBlank()) return;
        parts.add(
                key
                        + "="
                        + java.net.URLEncoder.encode(
                                value.trim(), java.nio.charset.StandardCharsets.UTF_8));
    }

    private static List<String> statuses(List<String> raw) {
        if (raw == null) return List.of();
        List<String> out = new ArrayList<>();
        for (String s : raw) {
            if (s == null) continue;
            for (String part : s.split(",")) {
                String name = part.trim();
                if (name.isEmpty()) continue;
                try {
                    out.add(DenialStatus.valueOf(name).name());
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException("status: no status " + name);
                }
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(out));
    }

    private static LocalDate date(String name, String value) {
        if (!notBlank(value)) return null;
        try {
            return LocalDate.parse(value.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadRequestException(name + " must be a date YYYY-MM-DD, got " + value);
        }
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }

    /** Saves the page's filter as a view of the signed-in operator's, then shows it. */
    @PostMapping("/worklist/views")
    Mono<String> saveView(ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(
                        form ->
                                Callers.signedInOperator()
                                        .flatMap(
                                                o ->
                                                        views.save(
                                                                o.id(),
                                                                form.getFirst("name"),
                                                                form.getFirst("query"))))
                .map(
                        v ->
                                "redirect:/worklist?"
                                        + v.query()
                                        + (v.query().isEmpty() ? "" : "&")
                                        + "saved="
                                        + enc(v.name()));
    }

    @PostMapping("/worklist/views/{id}/delete")
    Mono<String> deleteView(@PathVariable UUID id) {
        return Callers.signedInOperator()
                .flatMap(o -> views.delete(o.id(), id))
                .thenReturn("redirect:/worklist");
    }

    /** Assigns a denial to the signed-in operator (or clears it), back to the list it came from. */
    @PostMapping("/worklist/assign")
    Mono<String> assign(ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(
                        form -> {
                            UUID id;
                            try {
                                id = UUID.fromString(String.valueOf(form.getFirst("denial")));
                            } catch (IllegalArgumentException e) {
                                return Mono.error(
                                        new BadRequestException("denial: not a denial id"));
                            }
                            boolean clear = "clear".equals(form.getFirst("assignee"));
                            String back = form.getFirst("back");
                            return Callers.signedInOperator()
                                    .flatMap(
                                            o ->
                                                    assignments.assign(
                                                            id, clear ? null : o.username()))
                                    .thenReturn(
                                            "redirect:/worklist?"
                                                    + (back == null
                                                            ? ""
                                                            : SavedViews.canonical(back)));
                        });
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String trimmed(String s) {
        return notBlank(s) ? s.trim() : null;
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
