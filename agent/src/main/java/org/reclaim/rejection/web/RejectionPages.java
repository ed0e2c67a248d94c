package org.reclaim.rejection.web;

import java.util.UUID;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.NotFoundException;
import org.reclaim.core.Page;
import org.reclaim.rejection.RejectionStatus;
import org.reclaim.security.Callers;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The {@code /rejections} page: the claims a 999/997 or 277CA turned away, open ones first by
 * default, each with the answers that rejected it; an operator closes one with a reason (the same
 * close as {@code POST /api/v1/rejections/{id}/close}).
 */
@Controller
class RejectionPages {

    private final RejectionQueries queries;

    RejectionPages(RejectionQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/rejections")
    Mono<String> list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer page,
            Model model) {
        RejectionStatus s =
                status == null ? RejectionStatus.OPEN : RejectionController.status(status);
        return queries.list(new RejectionQueries.Filter(null, s, null), Page.Request.of(page, 100))
                .map(
                        p -> {
                            model.addAttribute("rejections", p);
                            model.addAttribute("status", s == null ? "" : s.name());
                            model.addAttribute(
                                    "hasNext",
                                    (long) (p.page() + 1) * p.size() < p.totalElements());
                            return "rejections";
                        });
    }

    @PostMapping("/rejections/{id}/close")
    Mono<String> close(@PathVariable UUID id, ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(
                        form -> {
                            String reason = form.getFirst("reason");
                            if (reason == null || reason.isBlank())
                                throw new BadRequestException("a closed rejection needs a reason");
                            return Callers.operator("rejection closures")
                                    .flatMap(
                                            operator ->
                                                    queries.one(id)
                                                            .switchIfEmpty(
                                                                    Mono.error(
                                                                            () ->
                                                                                    new NotFoundException(
                                                                                            "rejection",
                                                                                            id)))
                                                            .then(
                                                                    queries.close(
                                                                            id,
                                                                            operator,
                                                                            reason.strip())))
                                    .map(
                                            closed ->
                                                    "redirect:/rejections?"
                                                            + (closed
                                                                    ? "closed=" + id
                                                                    : "notOpen=" + id));
                        });
    }
}
