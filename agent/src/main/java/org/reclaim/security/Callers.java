package org.reclaim.security;

import org.reclaim.core.BadRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/** The authenticated caller of the running request. */
public final class Callers {

    private Callers() {}

    public static Mono<ReclaimPrincipal> current() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(c -> c.getAuthentication())
                .mapNotNull(a -> a.getPrincipal() instanceof ReclaimPrincipal p ? p : null);
    }

    /**
     * The signed-in operator, for the pages only operators act on; anyone else gets a 400 saying
     * so.
     */
    public static Mono<ReclaimPrincipal.Operator> signedInOperator() {
        return current()
                .flatMap(
                        c ->
                                c instanceof ReclaimPrincipal.Operator o
                                        ? Mono.just(o)
                                        : Mono.error(
                                                new BadRequestException(
                                                        "only operators act here")));
    }

    /**
     * The signed-in operator's user name, for the audit trail of what only operators may do ({@code
     * what}: "reviews and denial actions"); a practice key gets a 403 naming it.
     */
    public static Mono<String> operator(String what) {
        return current()
                .flatMap(
                        c ->
                                c instanceof ReclaimPrincipal.Operator o
                                        ? Mono.just(o.username())
                                        : Mono.error(
                                                new ResponseStatusException(
                                                        HttpStatus.FORBIDDEN,
                                                        what + " are for operators")));
    }
}
