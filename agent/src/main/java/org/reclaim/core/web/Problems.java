package org.reclaim.core.web;

import org.reclaim.core.BadRequestException;
import org.reclaim.core.NotFoundException;
import org.reclaim.ingest.UnreadableFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/** Errors as {@code application/problem+json} with {@code title}, {@code detail} and, for files, {@code segment}/{@code offset}. */
@RestControllerAdvice
class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    @ExceptionHandler(UnreadableFileException.class)
    ResponseEntity<ProblemDetail> unreadable(UnreadableFileException e) {
        HttpStatus status = e.incomplete() ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.BAD_REQUEST;
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        p.setTitle(e.incomplete() ? "Incomplete X12 file" : "Unreadable file");
        if (e.segment() != null) p.setProperty("segment", e.segment());
        if (e.offset() != null) p.setProperty("offset", e.offset());
        return respond(status, p);
    }

    /** A reload refused: the configuration in force is unchanged. */
    @ExceptionHandler(org.reclaim.rules.TriageConfigException.class)
    ResponseEntity<ProblemDetail> triageConfig(org.reclaim.rules.TriageConfigException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        p.setTitle("Invalid triage configuration");
        p.setProperty("file", e.file());
        if (e.line() > 0) p.setProperty("line", e.line());
        p.setProperty("reason", e.reason());
        return respond(HttpStatus.UNPROCESSABLE_CONTENT, p);
    }

    /** The denial moved meanwhile (e.g. escalated at its deadline): the action no longer applies. */
    @ExceptionHandler(org.reclaim.denial.IllegalTransitionException.class)
    ResponseEntity<ProblemDetail> conflict(org.reclaim.denial.IllegalTransitionException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        p.setTitle("The denial is no longer in a state that allows this");
        return respond(HttpStatus.CONFLICT, p);
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<ProblemDetail> badRequest(BadRequestException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Bad request");
        return respond(HttpStatus.BAD_REQUEST, p);
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> badInput(ServerWebInputException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getReason());
        p.setTitle("Bad request");
        return respond(HttpStatus.BAD_REQUEST, p);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        p.setTitle("Not found");
        return respond(HttpStatus.NOT_FOUND, p);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (e instanceof org.springframework.web.server.ResponseStatusException rse) {
            ProblemDetail p = rse.getBody();
            return respond(HttpStatus.valueOf(rse.getStatusCode().value()), p);
        }
        log.error("request failed", e);
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request failed on our side; nothing was changed by it.");
        p.setTitle("Internal error");
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, p);
    }

    private static ResponseEntity<ProblemDetail> respond(HttpStatus status, ProblemDetail p) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
