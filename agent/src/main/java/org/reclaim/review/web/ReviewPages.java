package org.reclaim.review.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.reclaim.core.BadRequestException;
import org.reclaim.review.OperatorActions;
import org.reclaim.review.PageTime;
import org.reclaim.security.Callers;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The review queue's pages: what waits for an operator's decision, approved (with edits) or
 * rejected here; a decision made from a denial's page returns there. Each decision records how long
 * the operator had the page open. Errors are the shared pages' ({@code PageErrors} of the
 * workqueue's pages): a stale decision is its HTML 409, a missing review its 404.
 */
@Controller
class ReviewPages {

    private final DatabaseClient db;
    private final OperatorActions actions;

    ReviewPages(DatabaseClient db, OperatorActions actions) {
        this.db = db;
        this.actions = actions;
    }

    public record ReviewRow(OperatorActions.ReviewView review, String practice) {}

    @GetMapping("/reviews")
    Mono<String> reviews(
            @org.springframework.web.bind.annotation.RequestParam(required = false) String decided,
            @org.springframework.web.bind.annotation.RequestParam(required = false) String act,
            Model model) {
        model.addAttribute("announce", announcement(decided, act));
        return PracticeScope.current()
                .flatMap(scope -> actions.reviews(scope, "OPEN"))
                .flatMap(
                        open ->
                                db.sql(
                                                "SELECT DISTINCT r.denial_id AS id, p.slug FROM review r JOIN practice p ON p.id = r.practice_id "
                                                        + "WHERE r.denial_id = ANY(:ids)")
                                        .bind(
                                                "ids",
                                                open.stream()
                                                        .map(OperatorActions.ReviewView::denialId)
                                                        .toArray(UUID[]::new))
                                        .map(
                                                r ->
                                                        Map.entry(
                                                                r.get("id", UUID.class),
                                                                r.get("slug", String.class)))
                                        .all()
                                        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                                        .map(
                                                slugs ->
                                                        open.stream()
                                                                .map(
                                                                        v ->
                                                                                new ReviewRow(
                                                                                        v,
                                                                                        slugs.get(
                                                                                                v
                                                                                                        .denialId())))
                                                                .toList()))
                .map(
                        rows -> {
                            model.addAttribute("rows", rows);
                            model.addAttribute("shownAt", PageTime.now());
                            return "reviews";
                        });
    }

    @PostMapping("/reviews/{id}/approve")
    Mono<String> approve(@PathVariable UUID id, ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(
                        form -> {
                            Map<String, String> edits = edits(form.getFirst("edits"));
                            Map<String, String> fields = fieldEdits(form);
                            if (!fields.isEmpty()) {
                                if (edits == null) edits = new LinkedHashMap<>();
                                edits.putAll(fields);
                            }
                            return decide(
                                    id,
                                    true,
                                    form.getFirst("note"),
                                    edits,
                                    form.getFirst("shownAt"),
                                    form.getFirst("back"),
                                    form.getFirst("at"),
                                    form.getFirst("act"));
                        });
    }

    @PostMapping("/reviews/{id}/reject")
    Mono<String> reject(@PathVariable UUID id, ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(
                        form ->
                                decide(
                                        id,
                                        false,
                                        form.getFirst("reason"),
                                        null,
                                        form.getFirst("shownAt"),
                                        form.getFirst("back"),
                                        form.getFirst("at"),
                                        null));
    }

    private Mono<String> decide(
            UUID id,
            boolean approve,
            String note,
            Map<String, String> edits,
            String shownAt,
            String back,
            String at,
            String act) {
        boolean denialPage = back != null && back.matches("/denials/[0-9a-f-]{36}");
        String target = denialPage ? back : "/reviews";
        // the queue comes back at the place of the decision, and says what was done
        String place = denialPage || at == null || !at.matches("\\d{1,4}") ? "" : "&at=" + at;
        String what =
                denialPage || act == null || !act.matches(ACT)
                        ? ""
                        : "&act="
                                + java.net.URLEncoder.encode(
                                        act, java.nio.charset.StandardCharsets.UTF_8);
        return Callers.signedInOperator()
                .flatMap(
                        op ->
                                PracticeScope.current()
                                        .flatMap(
                                                scope ->
                                                        actions.decide(
                                                                scope,
                                                                id,
                                                                approve,
                                                                op.username(),
                                                                note,
                                                                edits,
                                                                PageTime.secondsSince(shownAt))))
                .then(
                        Mono.just(
                                "redirect:"
                                        + target
                                        + "?decided="
                                        + (approve ? "approved" : "rejected")
                                        + place
                                        + what));
    }

    /** What an approval button says ("Approve write-off $185.00"): nothing else is echoed. */
    private static final String ACT = "Approve[A-Za-z ,.$0-9-]{0,60}";

    /** The confirmation of the last decision, for the page's live region. */
    static String announcement(String decided, String act) {
        if ("approved".equals(decided)) {
            return (act != null && act.matches(ACT)
                            ? "Approved" + act.substring("Approve".length())
                            : "Approved")
                    + ": the agent goes on with it.";
        }
        if ("rejected".equals(decided))
            return "Rejected: the denial goes to an operator with your reason.";
        return "";
    }

    /** "field=value" per line, e.g. {@code line[1].modifiers=25}. */
    static Map<String, String> edits(String text) {
        if (text == null || text.isBlank()) return null;
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            if (line.isBlank()) continue;
            int eq = line.indexOf('=');
            if (eq <= 0)
                throw new BadRequestException(
                        "each edit is field=value, not '" + line.strip() + "'");
            m.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return m;
    }

    /**
     * The claim's fields as edited in the form: {@code field:<name>} holds the operator's value,
     * {@code was:<name>} the draft's; only the fields changed are edits (an emptied field removes
     * the value).
     */
    static Map<String, String> fieldEdits(
            org.springframework.util.MultiValueMap<String, String> form) {
        Map<String, String> m = new LinkedHashMap<>();
        form.forEach(
                (k, v) -> {
                    if (!k.startsWith("field:") || v.isEmpty()) return;
                    String name = k.substring("field:".length());
                    String now = v.get(0) == null ? "" : v.get(0).strip();
                    String was = form.getFirst("was:" + name);
                    if (!now.equals(was == null ? "" : was.strip())) m.put(name, now);
                });
        return m;
    }
}
