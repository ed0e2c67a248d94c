package org.reclaim.webhook.web;

import java.util.List;
import java.util.UUID;
import org.reclaim.core.NotFoundException;
import org.reclaim.core.Page;
import org.reclaim.security.TargetPractice;
import org.reclaim.webhook.Webhooks;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A practice's webhook endpoints (docs/webhooks.md): registered and deleted by the practice (its
 * key) or an admin, like the connector settings; listed, with each one's delivery log, by anyone
 * who may read the practice. Another practice's endpoint is a 404.
 */
@RestController
class WebhookController {

    private final Webhooks webhooks;
    private final TargetPractice target;

    WebhookController(Webhooks webhooks, TargetPractice target) {
        this.webhooks = webhooks;
        this.target = target;
    }

    record CreateRequest(String url, String secret, List<String> kinds) {

        @Override
        public String toString() {
            return "CreateRequest[" + url + ", ****, " + kinds + "]";
        }
    }

    @PostMapping("/api/v1/webhooks")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Webhooks.Endpoint> create(
            @RequestBody CreateRequest r, @RequestParam(required = false) String practice) {
        return target.forAdministration(practice)
                .flatMap(p -> webhooks.create(p, r.url(), r.secret(), r.kinds()));
    }

    @GetMapping("/api/v1/webhooks")
    Mono<List<Webhooks.Endpoint>> list(@RequestParam(required = false) String practice) {
        return target.of(practice).flatMap(webhooks::list);
    }

    @GetMapping("/api/v1/webhooks/{id}")
    Mono<Webhooks.Endpoint> one(@PathVariable UUID id) {
        return webhooks.one(id).switchIfEmpty(Mono.error(new NotFoundException("webhook", id)));
    }

    @DeleteMapping("/api/v1/webhooks/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@PathVariable UUID id) {
        // the same rights as registering one: a practice key, or an ADMIN operator
        return org.reclaim.security.Callers.current()
                .flatMap(
                        caller ->
                                caller instanceof org.reclaim.security.ReclaimPrincipal.Operator o
                                                && !o.admin()
                                        ? Mono.<Boolean>error(
                                                new org.springframework.web.server
                                                        .ResponseStatusException(
                                                        HttpStatus.FORBIDDEN,
                                                        "this needs an ADMIN operator"))
                                        : webhooks.delete(id))
                .flatMap(
                        found ->
                                found
                                        ? Mono.<Void>empty()
                                        : Mono.error(new NotFoundException("webhook", id)));
    }

    @GetMapping("/api/v1/webhooks/{id}/deliveries")
    Mono<Page<Webhooks.Delivery>> deliveries(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return webhooks.deliveries(id, Page.Request.of(page, size))
                .switchIfEmpty(Mono.error(new NotFoundException("webhook", id)));
    }
}
