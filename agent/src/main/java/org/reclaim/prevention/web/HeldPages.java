package org.reclaim.prevention.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.Page;
import org.reclaim.prevention.gate.Gate;
import org.reclaim.security.Callers;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The held-claims page {@code /claims/held} (docs/prevention.md, "Gate"): the claims the gate holds
 * with their findings; an operator edits fields, applies a finding's fix (shown with it, never
 * applied unasked), releases with a reason or drops with a reason — the same actions as the API.
 */
@Controller
class HeldPages {

    private final Gate gate;

    HeldPages(Gate gate) {
        this.gate = gate;
    }

    @GetMapping("/claims/held")
    Mono<String> held(
            @RequestParam(defaultValue = "HELD") String status,
            @RequestParam(required = false) Integer page,
            Model model) {
        if (!List.of("HELD", "RELEASED", "SENT", "DROPPED").contains(status))
            throw new BadRequestException("status must be HELD, RELEASED, SENT or DROPPED");
        Page.Request paging = Page.Request.of(page, null);
        return PracticeScope.current()
                .flatMap(scope -> gate.list(scope, status, paging))
                .map(
                        claims -> {
                            model.addAttribute("claims", claims);
                            model.addAttribute("status", status);
                            model.addAttribute(
                                    "hasNext",
                                    paging.offset() + claims.content().size()
                                            < claims.totalElements());
                            return "held";
                        });
    }

    @PostMapping("/claims/held/{id}/fix")
    Mono<String> fix(@PathVariable UUID id, ServerWebExchange exchange) {
        return act(
                exchange,
                (scope, op, form) -> {
                    Map<String, String> edits = edits(form.getFirst("edits"));
                    String rule = form.getFirst("applyFix");
                    List<String> fixes =
                            rule == null || rule.isBlank() ? null : Arrays.asList(rule.strip());
                    return gate.fix(scope, id, op, edits, fixes).thenReturn("fixed=" + id);
                });
    }

    @PostMapping("/claims/held/{id}/release")
    Mono<String> release(@PathVariable UUID id, ServerWebExchange exchange) {
        return act(
                exchange,
                (scope, op, form) ->
                        gate.release(scope, id, op, form.getFirst("reason"))
                                .thenReturn("released=" + id));
    }

    @PostMapping("/claims/held/{id}/drop")
    Mono<String> drop(@PathVariable UUID id, ServerWebExchange exchange) {
        return act(
                exchange,
                (scope, op, form) ->
                        gate.drop(scope, id, op, form.getFirst("reason"))
                                .thenReturn("dropped=" + id));
    }

    @FunctionalInterface
    private interface Action {
        Mono<String> run(PracticeScope scope, String operator, MultiValueMap<String, String> form);
    }

    private static Mono<String> act(ServerWebExchange exchange, Action action) {
        return exchange.getFormData()
                .flatMap(
                        form ->
                                Callers.operator("fixes, releases and drops of held claims")
                                        .flatMap(
                                                op ->
                                                        PracticeScope.current()
                                                                .flatMap(
                                                                        scope ->
                                                                                Mono.defer(
                                                                                        () ->
                                                                                                action
                                                                                                        .run(
                                                                                                                scope,
                                                                                                                op,
                                                                                                                form)))))
                .map(done -> "redirect:/claims/held?" + done);
    }

    /** "field=value" per line, e.g. {@code line[1].modifiers=25}; null when there is none. */
    private static Map<String, String> edits(String text) {
        if (text == null || text.isBlank()) return null;
        Map<String, String> m = new java.util.LinkedHashMap<>();
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
}
