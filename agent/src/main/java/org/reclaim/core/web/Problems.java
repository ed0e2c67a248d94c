package org.reclaim.core.web;

import org.reclaim.core.BadRequestException;
import org.reclaim.core.HttpProblem;
import org.reclaim.core.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * Errors as {@code application/problem+json} with {@code title}, {@code detail} and, for files,
 * {@code segment}/{@code offset}: a feature's own exceptions say how they are reported by
 * implementing {@link HttpProblem}.
 */
@RestControllerAdvice
public class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    /**
     * The problem response for any error, as these handlers give it: for an advice that answers
     * some requests otherwise (a page for a browser) and the rest as the API does.
     */
    public static ResponseEntity<ProblemDetail> of(Throwable e) {
        if (e instanceof BadRequestException b) return badRequestOf(b);
        if (e instanceof ServerWebInputException i) return badInputOf(i);
        if (e instanceof NotFoundException n) return notFoundOf(n);
        return unexpectedOf(e instanceof Exception x ? x : new RuntimeException(e));
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<ProblemDetail> badRequest(BadRequestException e) {
        return badRequestOf(e);
    }

    private static ResponseEntity<ProblemDetail> badRequestOf(BadRequestException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Bad request");
        return respond(HttpStatus.BAD_REQUEST, p);
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> badInput(ServerWebInputException e) {
        return badInputOf(e);
    }

    private static ResponseEntity<ProblemDetail> badInputOf(ServerWebInputException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getReason());
        p.setTitle("Bad request");
        return respond(HttpStatus.BAD_REQUEST, p);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return notFoundOf(e);
    }

    private static ResponseEntity<ProblemDetail> notFoundOf(NotFoundException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        p.setTitle("Not found");
        return respond(HttpStatus.NOT_FOUND, p);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        return unexpectedOf(e);
    }

    private static ResponseEntity<ProblemDetail> unexpectedOf(Exception e) {
        if (e instanceof HttpProblem known) {
            HttpStatus status = HttpStatus.valueOf(known.status());
            ProblemDetail p = ProblemDetail.forStatusAndDetail(status, known.getMessage());
            p.setTitle(known.title());
            known.properties().forEach(p::setProperty);
            return respond(status, p);
        }
        if (e instanceof org.springframework.web.server.ResponseStatusException rse) {
            ProblemDetail p = rse.getBody();
            return respond(HttpStatus.valueOf(rse.getStatusCode().value()), p);
        }
        log.error("request failed", e);
        ProblemDetail p =
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "The request failed on our side; nothing was changed by it.");
        p.setTitle("Internal error");
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, p);
    }

    private static ResponseEntity<ProblemDetail> respond(HttpStatus status, ProblemDetail p) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(p);
    }
}
