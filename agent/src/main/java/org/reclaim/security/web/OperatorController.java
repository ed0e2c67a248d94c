package org.reclaim.security.web;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.Page;
import org.reclaim.security.Callers;
import org.reclaim.security.OperatorAccounts;
import org.reclaim.security.ReclaimPrincipal.Role;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Operator accounts (ADMIN only): {@code practices} (ids or slugs) limits an account; absent = all.
 * An admin limited to some practices creates and lists only operators limited to those practices.
 */
@RestController
class OperatorController {

    record NewOperator(String username, String password, String role, List<String> practices) {}

    private final OperatorAccounts operators;
    private final DatabaseClient db;

    OperatorController(OperatorAccounts operators, DatabaseClient db) {
        this.operators = operators;
        this.db = db;
    }

    @PostMapping("/api/v1/operators")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<OperatorAccounts.OperatorView> create(@RequestBody NewOperator body) {
        if (body == null
                || body.username() == null
                || !body.username().matches("[A-Za-z0-9._@-]{1,64}")) {
            return Mono.error(
                    new BadRequestException(
                            "username: 1 to 64 letters, digits, '.', '_', '@' or '-'"));
        }
        if (body.password() == null || body.password().length() < 12) {
            return Mono.error(new BadRequestException("a password needs at least 12 characters"));
        }
        Role role;
        try {
            role = Role.valueOf(body.role() == null ? "REVIEWER" : body.role());
        } catch (IllegalArgumentException e) {
            return Mono.error(new BadRequestException("role must be ADMIN or REVIEWER"));
        }
        Mono<Set<UUID>> practices =
                body.practices() == null
                        ? Mono.empty()
                        : Flux.fromIterable(body.practices())
                                .concatMap(this::practiceId)
                                .collect(HashSet<UUID>::new, Set::add);
        return practices
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .zipWith(Callers.signedInOperator())
                .flatMap(
                        t ->
                                operators.create(
                                        t.getT2(),
                                        body.username(),
                                        body.password(),
                                        role,
                                        t.getT1().orElse(null)))
                .onErrorMap(
                        org.springframework.dao.DataIntegrityViolationException.class,
                        e ->
                                new PracticeController.Conflict(
                                        "an operator named '" + body.username() + "' exists"));
    }

    @GetMapping("/api/v1/operators")
    Mono<Page<OperatorAccounts.OperatorView>> list(
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        Page.Request paging = Page.Request.of(page, size);
        return Callers.signedInOperator().flatMap(admin -> operators.list(admin, paging));
    }

    private Mono<UUID> practiceId(String idOrSlug) {
        return db.sql("SELECT id FROM practice WHERE id::text = :v OR slug = :v")
                .bind("v", idOrSlug)
                .map(r -> r.get("id", UUID.class))
                .first()
                .switchIfEmpty(Mono.error(new BadRequestException("no practice " + idOrSlug)));
    }
}
