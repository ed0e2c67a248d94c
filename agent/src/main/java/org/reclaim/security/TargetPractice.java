package org.reclaim.security;

import java.util.UUID;
import org.reclaim.core.NotFoundException;
import org.reclaim.practice.Practices;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * The practice a request acts for: a practice key's own; for an operator, the one named by {@code
 * ?practice=} (slug or id), else {@code default} — in the operator's scope either way.
 */
@Component
public class TargetPractice {

    private final Practices practices;

    TargetPractice(Practices practices) {
        this.practices = practices;
    }

    /** For reading, and for writes a practice may make itself (its uploads). */
    public Mono<UUID> of(String practice) {
        return Callers.current()
                .flatMap(
                        caller -> {
                            if (caller instanceof ReclaimPrincipal.PracticeKey k)
                                return Mono.just(k.practiceId());
                            String wanted =
                                    practice == null || practice.isBlank()
                                            ? Practices.DEFAULT_SLUG
                                            : practice.trim();
                            return practices
                                    .idOf(wanted)
                                    .filter(id -> caller.scope().allows(id))
                                    .switchIfEmpty(
                                            Mono.error(new NotFoundException("practice", wanted)));
                        });
    }

    /** For settings only an admin (or the practice itself) may change. */
    public Mono<UUID> forAdministration(String practice) {
        return Callers.current()
                .flatMap(
                        caller ->
                                caller instanceof ReclaimPrincipal.Operator o && !o.admin()
                                        ? Mono.error(
                                                new ResponseStatusException(
                                                        HttpStatus.FORBIDDEN,
                                                        "this needs an ADMIN operator"))
                                        : of(practice));
    }
}
