package org.reclaim.triage.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reclaim.core.Page;
import org.reclaim.playbook.Playbook;
import org.reclaim.rules.PayerRules;
import org.reclaim.tenancy.PracticeScope;
import org.reclaim.triage.Triage;
import org.reclaim.triage.TriageService;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * What triage has loaded, and the reload + re-triage an operator asks for after editing the files.
 */
@RestController
class TriageController {

    private final TriageService triage;
    private final DatabaseClient db;

    TriageController(TriageService triage, DatabaseClient db) {
        this.triage = triage;
        this.db = db;
    }

    @GetMapping("/api/v1/playbooks")
    Page<Map<String, Object>> playbooks(
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        Page.Request paging = Page.Request.of(page, size);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Playbook p : triage.current().playbooks().playbooks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("name", p.name());
            m.put("file", p.file());
            m.put("enabled", p.enabled());
            Playbook.Handles h = p.handles();
            Map<String, Object> handles = new LinkedHashMap<>();
            handles.put("categories", h.categories().stream().map(Enum::name).sorted().toList());
            handles.put("payers", h.payers().stream().sorted().toList());
            handles.put("payerTypes", h.payerTypes().stream().map(Enum::name).sorted().toList());
            handles.put("carcs", h.carcs().stream().sorted().toList());
            handles.put("rarcs", h.rarcs().stream().sorted().toList());
            handles.put("amountMin", h.amountMin());
            handles.put("amountMax", h.amountMax());
            m.put("handles", handles);
            List<Map<String, Object>> steps = new ArrayList<>();
            for (Playbook.Step s : p.steps()) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("id", s.id());
                sm.put("step", s.kind().name());
                Map<String, Object> params = new LinkedHashMap<>();
                s.parameters().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .forEach(
                                e ->
                                        params.put(
                                                e.getKey(),
                                                e.getValue() instanceof Duration d
                                                        ? d.toString()
                                                        : e.getValue() instanceof Enum<?> en
                                                                ? en.name()
                                                                : e.getValue()));
                sm.put("parameters", params);
                Map<String, String> on = new LinkedHashMap<>();
                s.on().forEach((k, v) -> on.put(k.name(), v));
                sm.put("on", on);
                steps.add(sm);
            }
            m.put("steps", steps);
            m.put("stopWhen", p.stopWhen().stream().map(Enum::name).sorted().toList());
            out.add(m);
        }
        return Page.of(paging, out);
    }

    /**
     * The configured payers a page at a time; the defaults of each type and the payers met but not
     * configured come whole with every page (a handful of types, the payers of a practice's files).
     */
    record PayerList(
            @JsonUnwrapped Page<Map<String, Object>> configured,
            Map<String, Object> typeDefaults,
            List<Map<String, Object>> unconfigured) {}

    /**
     * The configured payers, the defaults of each type, and the payers met in remittances that are
     * not configured (they get type OTHER's conservative defaults and are flagged here for an
     * operator).
     */
    @GetMapping("/api/v1/payers")
    Mono<PayerList> payers(
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        Page.Request paging = Page.Request.of(page, size);
        Triage t = triage.current();
        List<Map<String, Object>> configured = new ArrayList<>();
        for (PayerRules p : t.payers().payers()) configured.add(view(p));
        Map<String, Object> defaults = new LinkedHashMap<>();
        t.payers().defaults().forEach((type, p) -> defaults.put(type.name(), view(p)));
        return PracticeScope.current()
                .flatMap(
                        scope ->
                                scope.bind(
                                                db.sql(
                                                        """
                        SELECT payer_id, min(payer_name) AS payer_name, min(trace_originator) AS originator, count(*) AS n
                        FROM remittance WHERE"""
                                                                + " "
                                                                + scope.sql("practice_id")
                                                                + " GROUP BY payer_id ORDER BY payer_id"))
                                        .map(
                                                r -> {
                                                    String id = r.get("payer_id", String.class);
                                                    String originator =
                                                            r.get("originator", String.class);
                                                    PayerRules p =
                                                            t.payers()
                                                                    .resolve(
                                                                            r.get(
                                                                                    "payer_name",
                                                                                    String.class),
                                                                            id,
                                                                            originator);
                                                    if (p.configured())
                                                        return Map.<String, Object>of();
                                                    Map<String, Object> m = view(p);
                                                    m.put("remittances", r.get("n", Long.class));
                                                    m.put(
                                                            "flag",
                                                            "not in config/payers.yml: type OTHER with its conservative defaults");
                                                    return m;
                                                })
                                        .all()
                                        .filter(m -> !m.isEmpty())
                                        .collectList())
                .map(
                        unconfigured ->
                                new PayerList(Page.of(paging, configured), defaults, unconfigured));
    }

    private static Map<String, Object> view(PayerRules p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("name", p.name());
        m.put("type", p.type().name());
        m.put("configured", p.configured());
        m.put("identifiers", p.identifiers().stream().sorted().toList());
        m.put("timelyFilingDays", p.timelyFilingDays());
        m.put(
                "appealLevels",
                p.appealLevels().stream()
                        .map(l -> Map.<String, Object>of("name", l.name(), "days", l.days()))
                        .toList());
        m.put(
                "correction",
                Map.of(
                        "method",
                        p.correction().method().name(),
                        "days",
                        p.correction().days(),
                        "from",
                        p.correction().from().name()));
        m.put("channels", p.channels().stream().map(Enum::name).toList());
        m.put("notAppealable", p.notAppealable().stream().map(Enum::name).sorted().toList());
        m.put("categoryOverrides", p.overrides().size());
        return m;
    }

    /**
     * Reloads the catalog, payer rules, playbooks and fee schedule from their files and triages
     * every open denial again. A broken file answers 422 naming file and line, and the
     * configuration in force stays.
     */
    @PostMapping("/api/v1/triage")
    Mono<TriageService.Retriage> retriage() {
        return triage.reload();
    }
}
