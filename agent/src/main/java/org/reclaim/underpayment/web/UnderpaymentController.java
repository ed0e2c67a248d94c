package org.reclaim.underpayment.web;

import java.time.LocalDate;
import java.util.UUID;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.NotFoundException;
import org.reclaim.core.Page;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Underpaid lines (detection only: the agent does not work them yet), newest payment first, within
 * the caller's practices, measured against the fee schedule in force.
 */
@RestController
class UnderpaymentController {

    private final UnderpaymentQueries queries;

    UnderpaymentController(UnderpaymentQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/underpayments")
    Mono<UnderpaymentQueries.Listed> list(
            @RequestParam(required = false) String payer,
            @RequestParam(required = false) String procedure,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate to,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate dosFrom,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate dosTo,
            @RequestParam(required = false) UUID practice,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return queries.list(
                new UnderpaymentQueries.Filter(
                        practice,
                        blankToNull(payer),
                        blankToNull(procedure),
                        from,
                        to,
                        dosFrom,
                        dosTo),
                Page.Request.of(page, size));
    }

    /**
     * {@code id}: {@code <claimPaymentId>:<line>}; 404 when that line is not underpaid or not the
     * caller's.
     */
    @GetMapping("/api/v1/underpayments/{id}")
    Mono<UnderpaymentView> one(@PathVariable String id) {
        int colon = id.lastIndexOf(':');
        UUID claimPayment;
        int line;
        try {
            claimPayment = UUID.fromString(id.substring(0, Math.max(colon, 0)));
            line = Integer.parseInt(id.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(
                    "an underpayment id is <claimPaymentId>:<line>, got " + id);
        }
        return queries.one(claimPayment, line)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("underpayment", id)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
