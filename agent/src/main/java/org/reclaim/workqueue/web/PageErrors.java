package org.reclaim.workqueue.web;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.HttpProblem;
import org.reclaim.core.NotFoundException;
import org.reclaim.core.web.Problems;
import org.reclaim.denial.IllegalTransitionException;
import org.reclaim.review.StaleReviewException;
import org.reclaim.tenancy.PracticeScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * The errors of the page controllers (worklist, denial page, review queue), by what asked: a
 * browser ({@code Accept: text/html}) gets an HTML page that says what happened and links back; any
 * other client the API's {@code application/problem+json} ({@link Problems}). A malformed id in a
 * page's path is a page that does not exist (404), as is one out of the caller's practices; an
 * action on a denial that moved meanwhile is a 409 that says how it moved, when and by whom.
 */
@ControllerAdvice(basePackages = {"org.reclaim.workqueue.web", "org.reclaim.review.web"})
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {

    private static final Logger log = LoggerFactory.getLogger(PageErrors.class);
    private static final Pattern DENIAL_PATH =
            Pattern.compile("^/denials/([0-9a-fA-F-]{36})(/.*)?$");
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

    private final DatabaseClient db;

    PageErrors(DatabaseClient db) {
        this.db = db;
    }

    /**
     * The denial page's action found the denial no longer in the status the page showed: what the
     * operator saw is stale.
     */
    static final class StaleAction extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final UUID denial;

        StaleAction(UUID denial, String message) {
            super(message);
            this.denial = denial;
        }
    }

    /**
     * A {@code ResponseEntity} (the API's problem) or a {@code Rendering} (the page); a page's
     * message may still be on its way (a {@code Mono}, resolved before rendering).
     */
    @ExceptionHandler(Exception.class)
    Object handle(Exception e, ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        if (!wantsHtml(request)) return Problems.of(e);
        String path = request.getPath().value();
        if (e instanceof StaleAction s) return stale(s.denial, path);
        if (e instanceof StaleReviewException s) return staleReview(s, path);
        if (e instanceof IllegalTransitionException t && t.denial() != null)
            return stale(t.denial(), path);
        if (e instanceof NotFoundException n)
            return page(
                    HttpStatus.NOT_FOUND,
                    "Not found",
                    n.getMessage() + ".",
                    path,
                    n.getMessage().startsWith("denial "));
        if (e instanceof ServerWebInputException in) {
            if (in.getMethodParameter() != null
                    && in.getMethodParameter().hasParameterAnnotation(PathVariable.class)) {
                Object value =
                        in.getCause() instanceof TypeMismatchException tm ? tm.getValue() : null;
                return page(
                        HttpStatus.NOT_FOUND,
                        "Not found",
                        "'"
                                + shortened(String.valueOf(value))
                                + "' is not a well-formed id (ids look like"
                                + " 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b), so there is no such "
                                + what(path)
                                + ".",
                        path,
                        what(path).equals("denial"));
            }
            return page(HttpStatus.BAD_REQUEST, "Not accepted", in.getReason(), path, false);
        }
        if (e instanceof BadRequestException b)
            return page(HttpStatus.BAD_REQUEST, "Not accepted", b.getMessage(), path, false);
        if (e instanceof HttpProblem p)
            return page(HttpStatus.valueOf(p.status()), p.title(), e.getMessage(), path, false);
        log.error("page request failed", e);
        return page(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Something failed on our side",
                "The request failed on our side; nothing was changed by it.",
                path,
                false);
    }

    /**
     * 409: what happened to the denial instead (its latest status move, when and by whom), so the
     * operator knows why the action did not apply.
     */
    private Rendering stale(UUID denial, String path) {
        String consequence =
                path.endsWith("/approve")
                        ? "nothing to approve"
                        : path.endsWith("/reject")
                                ? "nothing to reject"
                                : "the action no longer applies";
        Mono<String> message =
                PracticeScope.current()
                        .flatMap(
                                scope ->
                                        scope.bind(
                                                        db.sql(
                                                                "SELECT e.to_status, e.actor, e.reason, e.at FROM denial_event e WHERE e.denial_id = :d AND "
                                                                        + scope.sql("e.practice_id")
                                                                        + " ORDER BY e.at DESC, e.id DESC LIMIT 1"))
                                                .bind("d", denial)
                                                .map(
                                                        r ->
                                                                "This denial was "
                                                                        + moved(
                                                                                r.get(
                                                                                        "to_status",
                                                                                        String
                                                                                                .class))
                                                                        + " on "
                                                                        + WHEN.format(
                                                                                r.get(
                                                                                                "at",
                                                                                                OffsetDateTime
                                                                                                        .class)
                                                                                        .withOffsetSameInstant(
                                                                                                ZoneOffset
                                                                                                        .UTC))
                                                                        + " by "
                                                                        + r.get(
                                                                                "actor",
                                                                                String.class)
                                                                        + reason(
                                                                                r.get(
                                                                                        "reason",
                                                                                        String
                                                                                                .class))
                                                                        + "; "
                                                                        + consequence
                                                                        + ". Nothing was changed.")
                                                .one())
                        .defaultIfEmpty("This denial changed meanwhile; nothing was changed.");
        return page(
                HttpStatus.CONFLICT,
                "The denial changed meanwhile",
                message,
                "/denials/" + denial,
                false);
    }

    /**
     * 409 for a decision on a review whose denial moved on (escalated at its deadline): the
     * review's own account ("this denial was escalated on …; nothing to approve"), back to the
     * queue and to the denial.
     */
    private static Rendering staleReview(StaleReviewException e, String path) {
        return page(
                HttpStatus.CONFLICT, "Nothing to decide", e.getMessage(), path, false, e.denial());
    }

    private static Rendering page(
            HttpStatus status, String title, Object message, String path, boolean missing) {
        return page(status, title, message, path, missing, null);
    }

    /** {@code denial}: a denial to link besides the way back (null: none). */
    private static Rendering page(
            HttpStatus status,
            String title,
            Object message,
            String path,
            boolean missing,
            UUID denial) {
        Matcher m = DENIAL_PATH.matcher(path);
        String back;
        String backText;
        if (m.matches() && !missing) {
            back = "/denials/" + m.group(1);
            backText = "Back to the denial";
        } else if (path.startsWith("/reviews")) {
            back = "/reviews";
            backText = "Back to the review queue";
        } else {
            back = null;
            backText = null;
        }
        return Rendering.view("not-found")
                .status(status)
                .modelAttribute("title", title)
                .modelAttribute("message", message == null ? "" : message)
                .modelAttribute("status", status.value())
                .modelAttribute("back", back == null ? "" : back)
                .modelAttribute("backText", backText == null ? "" : backText)
                .modelAttribute(
                        "denialLink",
                        denial == null || back != null && back.equals("/denials/" + denial)
                                ? ""
                                : "/denials/" + denial)
                .build();
    }

    static boolean wantsHtml(ServerHttpRequest request) {
        for (MediaType t : request.getHeaders().getAccept())
            if ("text".equals(t.getType()) && "html".equals(t.getSubtype())) return true;
        return false;
    }

    private static String what(String path) {
        if (path.startsWith("/denials/") && path.contains("/artifacts/")) return "artifact";
        if (path.startsWith("/denials/")) return "denial";
        if (path.startsWith("/reviews/")) return "review";
        return "page";
    }

    private static String moved(String status) {
        return switch (status) {
            case "ESCALATED" -> "escalated to a person";
            case "CLOSED" -> "closed";
            case "WRITTEN_OFF" -> "written off";
            case "RESOLVED_PAID" -> "resolved as paid";
            case "RESOLVED_PARTIAL" -> "resolved as partly paid";
            case "ROUTED_TO_PATIENT" -> "routed to the patient";
            case "REBILLED" -> "rebilled";
            default -> "moved to " + status;
        };
    }

    private static String reason(String reason) {
        return reason == null || reason.isBlank() ? "" : " (" + shortened(reason) + ")";
    }

    private static String shortened(String s) {
        return s.length() <= 120 ? s : s.substring(0, 119) + "…";
    }
}
