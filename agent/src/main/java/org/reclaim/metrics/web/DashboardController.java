package org.reclaim.metrics.web;

import org.reclaim.metrics.MetricsService;
import org.reclaim.metrics.Period;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard: the headline figures as cards (the same strings as the API's {@code headline}) and
 * charts by month, payer and category drawn by ECharts from the report, inlined as the API's JSON.
 */
@Controller
class DashboardController {

    private final MetricsService metrics;
    private final JsonMapper json;

    DashboardController(MetricsService metrics, JsonMapper json) {
        this.metrics = metrics;
        this.json = json;
    }

    @GetMapping("/dashboard")
    Mono<String> dashboard(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            Model model) {
        return metrics.report(Period.parse(from, to))
                .map(
                        report -> {
                            model.addAttribute("report", report);
                            model.addAttribute("h", report.headline());
                            model.addAttribute("detail", DashboardDetail.of(report.overall()));
                            model.addAttribute("reportJson", json.writeValueAsString(report));
                            model.addAttribute("from", from == null ? "" : from);
                            model.addAttribute("to", to == null ? "" : to);
                            return "dashboard";
                        });
    }
}
