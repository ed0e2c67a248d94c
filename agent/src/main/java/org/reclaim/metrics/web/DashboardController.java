package org.reclaim.metrics.web;

import java.nio.charset.StandardCharsets;
import org.reclaim.metrics.MetricsService;
import org.reclaim.metrics.Period;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
        return metrics.reviewsNearDeadline()
                .doOnNext(
                        n -> {
                            model.addAttribute("reviewsNearDeadline", n);
                            model.addAttribute("reviewAlertDays", metrics.reviewAlertDays());
                        })
                .then(metrics.report(Period.parse(from, to)))
                .map(
                        report -> {
                            model.addAttribute("report", report);
                            model.addAttribute("h", report.headline());
                            model.addAttribute("detail", DashboardDetail.of(report.overall()));
                            model.addAttribute("reportJson", json.writeValueAsString(report));
                            model.addAttribute("tables", DashboardTables.of(report));
                            model.addAttribute(
                                    "escalated",
                                    report.openByStatus().getOrDefault("ESCALATED", 0L));
                            var o = report.overall();
                            model.addAttribute(
                                    "unacknowledged",
                                    o.unacknowledgedShare().formatted()
                                            + " of claims unacknowledged (no 999/277CA; assumed"
                                            + " clean) · "
                                            + o.acknowledgedCleanRate().formatted()
                                            + " clean of acknowledged claims");
                            model.addAttribute("from", from == null ? "" : from);
                            model.addAttribute("to", to == null ? "" : to);
                            return "dashboard";
                        });
    }

    /** One of the dashboard's tables as CSV ({@code table} = recovery, months, payers, …). */
    @GetMapping("/dashboard/export")
    Mono<ResponseEntity<String>> export(
            @RequestParam(required = false) String table,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        DashboardTables.name(table);
        return metrics.report(Period.parse(from, to))
                .map(
                        report ->
                                ResponseEntity.ok()
                                        .contentType(
                                                new MediaType(
                                                        "text", "csv", StandardCharsets.UTF_8))
                                        .header(
                                                HttpHeaders.CONTENT_DISPOSITION,
                                                "attachment; filename=\"dashboard-"
                                                        + table
                                                        + ".csv\"")
                                        .body(
                                                DashboardTables.csv(
                                                        DashboardTables.table(report, table))));
    }
}
