package org.reclaim.billing.web;

import java.util.UUID;
import org.reclaim.core.NotFoundException;
import org.reclaim.core.Page;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import reactor.core.publisher.Mono;

/** The invoices pages: every invoice by month with status and totals, and one invoice's lines. */
@Controller
class InvoicePages {

    private final InvoiceQueries queries;
    private final org.reclaim.billing.InvoiceService invoices;

    InvoicePages(InvoiceQueries queries, org.reclaim.billing.InvoiceService invoices) {
        this.queries = queries;
        this.invoices = invoices;
    }

    /** Admins bill a month from the page (the same run as {@code POST /api/v1/invoices/run}). */
    @org.springframework.web.bind.annotation.PostMapping("/invoices/run")
    Mono<String> run(org.springframework.web.server.ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(
                        f -> {
                            var m = InvoiceController.month(f.getFirst("month"), "month");
                            return invoices.run(m).thenReturn("redirect:/invoices?month=" + m);
                        });
    }

    @org.springframework.web.bind.annotation.PostMapping("/invoices/{id}/issue")
    Mono<String> issue(@PathVariable UUID id) {
        return queries.one(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("invoice", id)))
                .then(invoices.issue(id))
                .thenReturn("redirect:/invoices/" + id);
    }

    @org.springframework.web.bind.annotation.PostMapping("/invoices/{id}/paid")
    Mono<String> paid(@PathVariable UUID id) {
        return queries.one(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("invoice", id)))
                .then(invoices.markPaid(id))
                .thenReturn("redirect:/invoices/" + id);
    }

    @GetMapping("/invoices")
    Mono<String> list(
            @RequestParam(required = false) String month,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer page,
            Model model) {
        var m = InvoiceController.month(month, "month");
        var s = InvoiceController.status(status);
        return queries.list(m, s, Page.Request.of(page, 100))
                .map(
                        p -> {
                            model.addAttribute("invoices", p);
                            model.addAttribute("month", m == null ? "" : m.toString());
                            model.addAttribute("status", s == null ? "" : s.name());
                            model.addAttribute(
                                    "hasNext",
                                    (long) (p.page() + 1) * p.size() < p.totalElements());
                            return "invoices";
                        });
    }

    @GetMapping("/invoices/{id}")
    Mono<String> one(@PathVariable UUID id, Model model) {
        return queries.one(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("invoice", id)))
                .map(
                        i -> {
                            model.addAttribute("invoice", i);
                            return "invoice";
                        });
    }
}
