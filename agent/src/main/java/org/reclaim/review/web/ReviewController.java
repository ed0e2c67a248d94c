package org.reclaim.review.web;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.Page;
import org.reclaim.review.OperatorActions;
import org.reclaim.security.Callers;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Operators in the loop: reviews and actions on a denial. */
@RestController
class ReviewController {

    private final OperatorActions actions;

    ReviewController(OperatorActions actions) {
        this.actions = actions;
    }

    /**
     * {@code operatorSeconds}: optional, the time the operator spent on the decision (metrics: cost
     * to rework).
     */
    record Decision(
            String operator,
            String note,
            String reason,
            Map<String, String> edits,
            Integer operatorSeconds) {}

    record ActionRequest(
            String action,
            String operator,
            String reason,
            String fileName,
            String contentBase64,
            String kind,
            Integer operatorSeconds,
            String step) {}

    @GetMapping("/api/v1/reviews")
    Mono<Page<OperatorActions.ReviewView>> reviews(
            @RequestParam(defaultValue = "OPEN") String status,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        Page.Request paging = Page.Request.of(page, size);
        if (!List.of("OPEN", "APPROVED", "REJECTED").contains(status)) {
            throw new BadRequestException("status must be OPEN, APPROVED or REJECTED");
        }
        return PracticeScope.current().flatMap(scope -> actions.reviews(scope, status, paging));
    }

    @PostMapping("/api/v1/reviews/{id}/approve")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> approve(@PathVariable UUID id, @RequestBody Decision d) {
        return operator()
                .flatMap(
                        op ->
                                PracticeScope.current()
                                        .flatMap(
                                                scope ->
                                                        actions.decide(
                                                                scope,
                                                                id,
                                                                true,
                                                                op,
                                                                d.note(),
                                                                d.edits(),
                                                                d.operatorSeconds())));
    }

    @PostMapping("/api/v1/reviews/{id}/reject")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> reject(@PathVariable UUID id, @RequestBody Decision d) {
        return operator()
                .flatMap(
                        op ->
                                PracticeScope.current()
                                        .flatMap(
                                                scope ->
                                                        actions.decide(
                                                                scope,
                                                                id,
                                                                false,
                                                                op,
                                                                d.reason() != null
                                                                        ? d.reason()
                                                                        : d.note(),
                                                                null,
                                                                d.operatorSeconds())));
    }

    @PostMapping("/api/v1/denials/{id}/actions")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> act(@PathVariable UUID id, @RequestBody ActionRequest a) {
        OperatorActions.Action action;
        try {
            action =
                    OperatorActions.Action.valueOf(
                            a.action() == null ? "" : a.action().trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("action must be one of CLOSE, WRITE_OFF, RETRY, ATTACH");
        }
        byte[] doc = null;
        if (a.contentBase64() != null) {
            try {
                doc = Base64.getDecoder().decode(a.contentBase64());
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("contentBase64 is not base64");
            }
        }
        byte[] document = doc;
        return operator()
                .flatMap(
                        op ->
                                PracticeScope.current()
                                        .flatMap(
                                                scope ->
                                                        actions.act(
                                                                scope,
                                                                id,
                                                                action,
                                                                op,
                                                                a.reason(),
                                                                a.fileName(),
                                                                document,
                                                                a.kind(),
                                                                a.operatorSeconds(),
                                                                a.step())));
    }

    /**
     * The signed-in operator's user name: the audit trail names who acted (practice keys may not).
     */
    private static Mono<String> operator() {
        return Callers.operator("reviews and denial actions");
    }
}
