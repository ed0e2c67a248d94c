package org.reclaim.prevention.web;

import org.reclaim.metrics.Period;
import org.reclaim.prevention.gate.PreventionFigures;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import reactor.core.publisher.Mono;

/**
 * The dashboard's prevention card, {@code /dashboard/prevention?from&to} (the dashboard's period,
 * months or days): what the gate scrubbed, held, fixed, released and dropped, and the estimate of
 * denials prevented ({@link PreventionFigures}). Served on its own and loaded into the dashboard,
 * so the dashboard's metrics queries are not touched; its tiles open the held-claims page.
 */
@Controller
class PreventionCard {

    private final PreventionFigures figures;

    PreventionCard(PreventionFigures figures) {
        this.figures = figures;
    }

    @GetMapping("/dashboard/prevention")
    Mono<String> card(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            Model model) {
        Period period = Period.parse(from, to);
        return PracticeScope.current()
                .flatMap(scope -> figures.of(scope, period.from(), period.to()))
                .map(
                        f -> {
                            model.addAttribute("p", f);
                            return "fragments/prevention :: card";
                        });
    }
}
