package org.reclaim.billing.web;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.reclaim.billing.InvoiceService;
import org.reclaim.billing.InvoiceStateException;
import org.reclaim.billing.InvoiceStatus;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.NotFoundException;
import org.reclaim.core.Page;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Invoices: list, one with its lines, CSV, a billing run on demand, and the DRAFT → ISSUED → PAID
 * moves.
 */
@RestController
class InvoiceController {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final InvoiceService service;
    private final InvoiceQueries queries;

    InvoiceController(InvoiceService service, InvoiceQueries queries) {
        this.service = service;
        this.queries = queries;
    }

    record RunRequest(String month) {}

    @GetMapping("/api/v1/invoices")
    Mono<Page<InvoiceView>> list(
            @RequestParam(required = false) String month,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return queries.list(month(month, "month"), status(status), Page.Request.of(page, size));
    }

    @GetMapping("/api/v1/invoices/{id}")
    Mono<InvoiceDetail> one(@PathVariable UUID id) {
        return found(id, queries.one(id));
    }

    @GetMapping("/api/v1/invoices/{id}/csv")
    Mono<ResponseEntity<String>> csv(@PathVariable UUID id) {
        return found(id, queries.one(id))
                .map(
                        i ->
                                ResponseEntity.ok()
                                        .contentType(CSV)
                                        .header(
                                                HttpHeaders.CONTENT_DISPOSITION,
                                                ContentDisposition.attachment()
                                                        .filename(
                                                                "invoice-"
                                                                        + (i.number() == null
                                                                                ? "draft-"
                                                                                        + i.month()
                                                                                : i.number())
                                                                        + ".csv")
                                                        .build()
                                                        .toString())
                                        .body(InvoiceCsv.of(i)));
    }

    /** Bills a month now ({@code {"month": "YYYY-MM"}}), for the practices the caller may see. */
    @PostMapping("/api/v1/invoices/run")
    Mono<InvoiceService.RunResult> run(@RequestBody(required = false) RunRequest body) {
        if (body == null || body.month() == null)
            throw new BadRequestException("body must be {\"month\": \"YYYY-MM\"}");
        YearMonth month = month(body.month(), "month");
        if (month.isAfter(service.currentMonth())) {
            throw new BadRequestException("month " + month + " has not begun yet");
        }
        return service.run(month);
    }

    @PostMapping("/api/v1/invoices/{id}/issue")
    Mono<InvoiceDetail> issue(@PathVariable UUID id) {
        return found(id, service.issue(id).then(queries.one(id)));
    }

    @PostMapping("/api/v1/invoices/{id}/paid")
    Mono<InvoiceDetail> paid(@PathVariable UUID id) {
        return found(id, service.markPaid(id).then(queries.one(id)));
    }

    @ExceptionHandler(InvoiceStateException.class)
    ResponseEntity<ProblemDetail> conflict(InvoiceStateException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        p.setTitle("The invoice is not in a state that allows this");
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(p);
    }

    private static <T> Mono<T> found(UUID id, Mono<T> m) {
        return m.switchIfEmpty(Mono.error(() -> new NotFoundException("invoice", id)));
    }

    static YearMonth month(String value, String name) {
        if (value == null || value.isBlank()) return null;
        try {
            return YearMonth.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be YYYY-MM, got " + value);
        }
    }

    static InvoiceStatus status(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return InvoiceStatus.valueOf(value.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("status must be DRAFT, ISSUED or PAID, got " + value);
        }
    }
}
