package org.reclaim.denial.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.denial.DenialTimeline;
import org.reclaim.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A denial's timeline and the notes people write on it (docs/api.md). */
@RestController
class DenialTimelineController {

    private final DenialTimeline timeline;

    DenialTimelineController(DenialTimeline timeline) {
        this.timeline = timeline;
    }

    /** Everything that happened to the denial, oldest first. */
    @GetMapping("/api/v1/denials/{id}/timeline")
    Mono<Map<String, List<DenialTimeline.Entry>>> timeline(@PathVariable UUID id) {
        return timeline.of(id).map(l -> Map.of("content", l));
    }

    @GetMapping("/api/v1/denials/{id}/notes")
    Mono<Map<String, List<DenialTimeline.Note>>> notes(@PathVariable UUID id) {
        return timeline.notes(id).map(l -> Map.of("content", l));
    }

    record NewNote(String text) {}

    /** A note by the caller (an operator, or a practice through its key). */
    @PostMapping("/api/v1/denials/{id}/notes")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<DenialTimeline.Note> add(@PathVariable UUID id, @RequestBody NewNote body) {
        return Callers.current()
                .flatMap(c -> timeline.addNote(id, c.actor(), body == null ? null : body.text()));
    }
}
