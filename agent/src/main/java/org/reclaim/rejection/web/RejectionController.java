package org.reclaim.rejection.web;

import java.util.Arrays;
import java.util.UUID;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.NotFoundException;
import org.reclaim.core.Page;
import org.reclaim.rejection.RejectionStatus;
import org.reclaim.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Rejections (docs/contracts.md §1): claims the practice sent that a 999/997 or 277CA turned away
 * before adjudication, newest first, within the caller's practices; an operator may close an open
 * one.
 */
@RestController
class RejectionController {

    private final RejectionQueries queries;

    RejectionController(RejectionQueries queries) {
        this.queries = queries;
    }

    record CloseRequest(String reason) {}

    @GetMapping("/api/v1/rejections")
    Mono<Page<RejectionView>> list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String payer,
            @RequestParam(required = false) UUID practice,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        Page.Request paging = Page.Request.of(page, size);
        return queries.list(
                new RejectionQueries.Filter(
                        practice,
                        status(status),
                        payer == null || payer.isBlank() ? null : payer.trim()),
                paging);
    }

    @GetMapping("/api/v1/rejections/{id}")
    Mono<RejectionView> one(@PathVariable UUID id) {
        return found(id, queries.one(id));
    }

    /** {@code {"reason": "…"}}: operators only; a rejection no longer open is a 409. */
    @PostMapping("/api/v1/rejections/{id}/close")
    Mono<RejectionView> close(
            @PathVariable UUID id, @RequestBody(required = false) CloseRequest body) {
        if (body == null || body.reason() == null || body.reason().isBlank()) {
            throw new BadRequestException(
                    "body must be {\"reason\": \"…\"}: why the rejection is closed");
        }
        return Callers.operator("rejection closures")
                .flatMap(
                        operator ->
                                found(id, queries.one(id))
                                        .then(queries.close(id, operator, body.reason().strip()))
                                        .flatMap(
                                                closed ->
                                                        closed
                                                                ? queries.one(id)
                                                                : Mono.error(
                                                                        new ResponseStatusException(
                                                                                HttpStatus.CONFLICT,
                                                                                "rejection "
                                                                                        + id
                                                                                        + " is not open"))));
    }

    private static Mono<RejectionView> found(UUID id, Mono<RejectionView> m) {
        return m.switchIfEmpty(Mono.error(() -> new NotFoundException("rejection", id)));
    }

    static RejectionStatus status(String status) {
        if (status == null || status.isBlank()) return null;
        try {
            return RejectionStatus.valueOf(status.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(
                    "status must be one of "
                            + Arrays.toString(RejectionStatus.values())
                            + ", got "
                            + status);
        }
    }
}
