package org.reclaim.security;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import reactor.core.publisher.Mono;

/** The authenticated caller of the running request. */
public final class Callers {

    private Callers() {
    }

    public static Mono<ReclaimPrincipal> current() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(c -> c.getAuthentication())
                .mapNotNull(a -> a.getPrincipal() instanceof ReclaimPrincipal p ? p : null);
    }
}
