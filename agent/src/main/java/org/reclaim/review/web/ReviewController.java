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

    record Bulk(String decision, List<String> ids, String reason, String note) {}

    /** One review's answer: {@code approved}, {@code rejected} or the problem (status, detail). */
    record BulkResult(String id, int status, String outcome, String detail) {}

    record BulkAnswer(String decision, int decided, int failed, List<BulkResult> results) {}

    /**
     * Decides many reviews with one decision (a rejection: one reason for all). Each review is its
     * own transaction and answers on its own: one that moved on (409), is gone (404) or was decided
     * already (400) does not stop the others.
     */
    @PostMapping("/api/v1/reviews/bulk")
    Mono<BulkAnswer> bulk(@RequestBody Bulk b) {
        String decision = b.decision() == null ? "" : b.decision().strip().toLowerCase();
        if (!decision.equals("approve") && !decision.equals("reject"))
            throw new BadRequestException("decision must be approve or reject");
        if (b.ids() == null || b.ids().isEmpty())
            throw new BadRequestException("ids must list the reviews to decide");
        if (b.ids().size() > Page.MAX_SIZE)
            throw new BadRequestException(
                    "ids lists " + b.ids().size() + " reviews; at most " + Page.MAX_SIZE);
        boolean approve = decision.equals("approve");
        if (!approve && (b.reason() == null || b.reason().isBlank()))
            throw new BadRequestException("a bulk rejection needs a reason");
        java.util.LinkedHashSet<UUID> ids = new java.util.LinkedHashSet<>();
        for (int i = 0; i < b.ids().size(); i++) {
            String id = b.ids().get(i);
            try {
                ids.add(UUID.fromString(id == null ? "" : id.strip()));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("ids[" + i + "] is not a review id: '" + id + "'");
            }
        }
        String note = approve ? b.note() : b.reason();
        return operator()
                .flatMap(
                        op ->
                                PracticeScope.current()
                                        .flatMap(
                                                scope ->
                                                        reactor.core.publisher.Flux.fromIterable(
                                                                        ids)
                                                                .concatMap(
                                                                        id ->
                                                                                actions.decide(
                                                                                                scope,
                                                                                                id,
                                                                                                approve,
                                                                                                op,
                                                                                                note,
                                                                                                null,
                                                                                                null)
                                                                                        .thenReturn(
                                                                                                new BulkResult(
                                                                                                        id
                                                                                                                .toString(),
                                                                                                        204,
                                                                                                        approve
                                                                                                                ? "approved"
                                                                                                                : "rejected",
                                                                                                        null))
                                                                                        .onErrorResume(
                                                                                                e ->
                                                                                                        Mono
                                                                                                                .just(
                                                                                                                        failed(
                                                                                                                                id,
                                                                                                                                e))))
                                                                .collectList()))
                .map(
                        results -> {
                            int ok = (int) results.stream().filter(r -> r.status() == 204).count();
                            return new BulkAnswer(decision, ok, results.size() - ok, results);
                        });
    }

    private static BulkResult failed(UUID id, Throwable e) {
        if (e instanceof org.reclaim.core.NotFoundException)
            return new BulkResult(id.toString(), 404, "not-found", e.getMessage());
        if (e instanceof BadRequestException)
            return new BulkResult(id.toString(), 400, "bad-request", e.getMessage());
        if (e instanceof org.reclaim.core.HttpProblem p && p.status() == 409)
            return new BulkResult(id.toString(), 409, "conflict", e.getMessage());
        throw reactor.core.Exceptions.propagate(e);
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
