package org.reclaim.workqueue.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.security.Callers;
import org.reclaim.workqueue.SavedViews;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The signed-in operator's saved worklist views (practice keys have none: 403). */
@RestController
class SavedViewController {

    private final SavedViews views;

    SavedViewController(SavedViews views) {
        this.views = views;
    }

    record NewView(String name, String query) {}

    @GetMapping("/api/v1/views")
    Mono<Map<String, List<SavedViews.View>>> list() {
        return operator().flatMap(views::list).map(l -> Map.of("content", l));
    }

    /** Saves the filter under the name (replacing a view of that name). */
    @PostMapping("/api/v1/views")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SavedViews.View> save(@RequestBody NewView body) {
        return operator()
                .flatMap(
                        o ->
                                views.save(
                                        o,
                                        body == null ? null : body.name(),
                                        body == null ? null : body.query()));
    }

    @DeleteMapping("/api/v1/views/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@PathVariable UUID id) {
        return operator().flatMap(o -> views.delete(o, id));
    }

    private static Mono<UUID> operator() {
        return Callers.current()
                .flatMap(
                        p ->
                                p instanceof org.reclaim.security.ReclaimPrincipal.Operator o
                                        ? Mono.just(o.id())
                                        : Mono.error(
                                                new org.springframework.web.server
                                                        .ResponseStatusException(
                                                        HttpStatus.FORBIDDEN,
                                                        "saved views are for operators")));
    }
}
