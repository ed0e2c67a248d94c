package org.reclaim.denial.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.NotFoundException;
import org.reclaim.core.Page;
import org.reclaim.denial.DenialAssignments;
import org.reclaim.denial.DenialQueries;
import org.reclaim.denial.DenialStatus;
import org.reclaim.denial.DenialView;
import org.reclaim.rules.Category;
import org.reclaim.security.Callers;
import org.reclaim.security.ReclaimPrincipal;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
class DenialController {

    private static final Set<String> GROUPS = Set.of("CO", "PR", "OA", "PI", "CR");

    /** The most rows a CSV export holds: a larger list asks for a narrower filter. */
    static final int CSV_MAX_ROWS = 100_000;

    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final DenialQueries queries;
    private final DenialAssignments assignments;

    DenialController(DenialQueries queries, DenialAssignments assignments) {
        this.queries = queries;
        this.assignments = assignments;
    }

    /** The filters the lists share, as the request gave them. */
    record Criteria(
            String payer,
            String carc,
            String group,
            List<String> status,
            LocalDate from,
            LocalDate to,
            LocalDate dosFrom,
            LocalDate dosTo,
            String category,
            UUID practice,
            String q,
            LocalDate dos,
            String assignee) {}

    @GetMapping("/api/v1/denials")
    Mono<Page<DenialView>> list(
            @RequestParam(required = false) String payer,
            @RequestParam(required = false) String carc,
            @RequestParam(required = false) String group,
            @RequestParam(required = false) List<String> status,
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
            @RequestParam(required = false) String q,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate dos,
            @RequestParam(required = false) String assignee,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        Page.Request paging = Page.Request.of(page, size);
        return filter(
                        new Criteria(
                                payer, carc, group, status, from, to, dosFrom, dosTo, category,
                                practice, q, dos, assignee))
                .flatMap(f -> queries.list(f, paging));
    }

    /** The same list as CSV: {@code /api/v1/denials.csv}, or {@code Accept: text/csv}. */
    @GetMapping(
            value = {"/api/v1/denials.csv", "/api/v1/denials"},
            produces = "text/csv")
    Mono<ResponseEntity<String>> listCsv(
            @RequestParam(required = false) String payer,
            @RequestParam(required = false) String carc,
            @RequestParam(required = false) String group,
            @RequestParam(required = false) List<String> status,
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
            @RequestParam(required = false) String q,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate dos,
            @RequestParam(required = false) String assignee) {
        return filter(
                        new Criteria(
                                payer, carc, group, status, from, to, dosFrom, dosTo, category,
                                practice, q, dos, assignee))
                .flatMap(f -> csv("denials", r -> queries.list(f, r)));
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
            @RequestParam(required = false) List<String> status,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate dos,
            @RequestParam(required = false) String assignee,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        Page.Request paging = Page.Request.of(page, size);
        DenialQueries.WorklistOrder order = order(sort);
        return filter(
                        new Criteria(
                                payer, null, null, status, null, null, null, null, category,
                                practice, q, dos, assignee))
                .flatMap(f -> queries.worklist(f, paging, order));
    }

    /** The worklist as CSV, as filtered and ordered: {@code /api/v1/worklist.csv}. */
    @GetMapping(
            value = {"/api/v1/worklist.csv", "/api/v1/worklist"},
            produces = "text/csv")
    Mono<ResponseEntity<String>> worklistCsv(
            @RequestParam(required = false) String payer,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) UUID practice,
            @RequestParam(required = false) List<String> status,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate dos,
            @RequestParam(required = false) String assignee,
            @RequestParam(required = false) String sort) {
        DenialQueries.WorklistOrder order = order(sort);
        return filter(
                        new Criteria(
                                payer, null, null, status, null, null, null, null, category,
                                practice, q, dos, assignee))
                .flatMap(f -> csv("worklist", r -> queries.worklist(f, r, order)));
    }

    record Assignment(String assignee) {}

    /**
     * Assigns the denial to an operator ({@code "me"}: the caller), or clears it ({@code null}).
     */
    @PutMapping("/api/v1/denials/{id}/assignee")
    Mono<DenialView> assign(@PathVariable UUID id, @RequestBody(required = false) Assignment a) {
        String wanted = a == null || a.assignee() == null ? null : a.assignee().trim();
        return Callers.operator("assignments")
                .flatMap(
                        me ->
                                assignments.assign(
                                        id,
                                        wanted == null || wanted.isEmpty()
                                                ? null
                                                : "me".equals(wanted) ? me : wanted));
    }

    @GetMapping("/api/v1/denials/{id}")
    Mono<DenialView> one(@PathVariable UUID id) {
        return queries.one(id).switchIfEmpty(Mono.error(() -> new NotFoundException("denial", id)));
    }

    private static DenialQueries.WorklistOrder order(String sort) {
        if (sort == null || sort.isBlank()) return DenialQueries.WorklistOrder.PRIORITY;
        try {
            return DenialQueries.WorklistOrder.valueOf(
                    sort.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(
                    "sort must be one of priority, deadline, amount, got " + sort);
        }
    }

    /** Every page of a list, as CSV (at most {@link #CSV_MAX_ROWS} rows). */
    private static Mono<ResponseEntity<String>> csv(
            String name, java.util.function.Function<Page.Request, Mono<Page<DenialView>>> pages) {
        int size = Page.MAX_SIZE;
        return pages.apply(Page.Request.of(0, size))
                .flatMap(
                        first -> {
                            if (first.totalElements() > CSV_MAX_ROWS)
                                return Mono.error(
                                        new BadRequestException(
                                                "the list has "
                                                        + first.totalElements()
                                                        + " rows, more than the "
                                                        + CSV_MAX_ROWS
                                                        + " an export holds: narrow the filter"));
                            int count = (int) ((first.totalElements() + size - 1) / size);
                            return Flux.range(1, Math.max(count - 1, 0))
                                    .concatMap(p -> pages.apply(Page.Request.of(p, size)))
                                    .map(Page::content)
                                    .startWith(first.content())
                                    .collectList();
                        })
                .map(
                        chunks -> {
                            List<DenialView> all = new ArrayList<>();
                            chunks.forEach(all::addAll);
                            return ResponseEntity.ok()
                                    .contentType(CSV)
                                    .header(
                                            HttpHeaders.CONTENT_DISPOSITION,
                                            "attachment; filename=\"" + name + ".csv\"")
                                    .body(DenialCsv.of(all));
                        });
    }

    /** The filter the criteria ask for, checked; {@code assignee=me} is the calling operator. */
    static Mono<DenialQueries.Filter> filter(Criteria c) {
        if (c.group() != null && !GROUPS.contains(c.group())) {
            throw new BadRequestException("group must be one of " + GROUPS + ", got " + c.group());
        }
        List<String> statuses = statuses(c.status());
        String category = category(c.category());
        String q = blankToNull(c.q());
        if (q != null && q.length() > 100)
            throw new BadRequestException("q must be at most 100 characters, got " + q.length());
        String assignee = blankToNull(c.assignee());
        Mono<String> who =
                "me".equals(assignee)
                        ? Callers.current()
                                .flatMap(
                                        p ->
                                                p instanceof ReclaimPrincipal.Operator o
                                                        ? Mono.just(o.username())
                                                        : Mono.<String>error(
                                                                new BadRequestException(
                                                                        "assignee=me: only an operator has denials assigned")))
                        : Mono.justOrEmpty(assignee);
        return who.map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .map(
                        a ->
                                new DenialQueries.Filter(
                                        c.practice(),
                                        blankToNull(c.payer()),
                                        blankToNull(c.carc()),
                                        c.group(),
                                        null,
                                        c.from(),
                                        c.to(),
                                        c.dosFrom(),
                                        c.dosTo(),
                                        category,
                                        statuses,
                                        q,
                                        c.dos(),
                                        a.orElse(null)));
    }

    /**
     * {@code status=A&status=B} (or {@code status=A,B}): each a status name, or a 400 naming the
     * bad one.
     */
    static List<String> statuses(List<String> raw) {
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
                    throw new BadRequestException(
                            "status must be one of "
                                    + java.util.Arrays.toString(DenialStatus.values())
                                    + ", got "
                                    + name);
                }
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(out));
    }

    static String category(String category) {
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
