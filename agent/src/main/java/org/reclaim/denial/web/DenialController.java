package org.reclaim.denial.web;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.NotFoundException;
import org.reclaim.core.Page;
import org.reclaim.denial.DenialQueries;
import org.reclaim.denial.DenialView;
import org.reclaim.rules.Category;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
class DenialController {

    private static final Set<String> GROUPS = Set.of("CO", "PR", "OA", "PI", "CR");

    private final DenialQueries queries;

    DenialController(DenialQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/denials")
    Mono<Page<DenialView>> list(
            @RequestParam(required = false) String payer,
            @RequestParam(required = false) String carc,
            @RequestParam(required = false) String group,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate to,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate dosFrom,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate dosTo,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) UUID practice,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        Page.Request paging = Page.Request.of(page, size);
        if (group != null && !GROUPS.contains(group)) {
            throw new BadRequestException("group must be one of " + GROUPS + ", got " + group);
        }
        return queries.list(
                new DenialQueries.Filter(
                        practice,
                        blankToNull(payer),
                        blankToNull(carc),
                        group,
                        blankToNull(status),
                        from,
                        to,
                        dosFrom,
                        dosTo,
                        category(category)),
                paging);
    }

    /**
     * Open, triaged denials, highest priority first (expected recoverable dollars weighted by
     * urgency).
     */
    @GetMapping("/api/v1/worklist")
    Mono<Page<DenialView>> worklist(
            @RequestParam(required = false) String payer,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) UUID practice,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return queries.worklist(
                new DenialQueries.Filter(
                        practice,
                        blankToNull(payer),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        category(category)),
                Page.Request.of(page, size));
    }

    private static String category(String category) {
        if (category == null || category.isBlank()) return null;
        try {
            return Category.valueOf(category.trim()).name();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(
                    "category must be one of "
                            + java.util.Arrays.toString(Category.values())
                            + ", got "
                            + category);
        }
    }

    @GetMapping("/api/v1/denials/{id}")
    Mono<DenialView> one(@PathVariable UUID id) {
        return queries.one(id).switchIfEmpty(Mono.error(() -> new NotFoundException("denial", id)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
