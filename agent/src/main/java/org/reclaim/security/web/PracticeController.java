package org.reclaim.security.web;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.NotFoundException;
import org.reclaim.core.Page;
import org.reclaim.practice.Practices;
import org.reclaim.security.Callers;
import org.reclaim.security.PracticeKeys;
import org.reclaim.security.ReclaimPrincipal;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Practices (tenants) and their API keys (docs/contracts.md §3). Creating a practice takes an ADMIN
 * operator of every practice; a practice's keys are managed by an admin or by the practice itself.
 * A practice the caller may not see answers 404, like one that does not exist.
 */
@RestController
class PracticeController {

    record NewPractice(
            String name, String slug, List<String> payeeIds, BigDecimal feePerResolved) {}

    record NewKey(String label) {}

    record Fee(BigDecimal feePerResolved) {}

    private final DatabaseClient db;
    private final PracticeKeys keys;
    private final Practices practices;

    PracticeController(DatabaseClient db, PracticeKeys keys, Practices practices) {
        this.db = db;
        this.keys = keys;
        this.practices = practices;
    }

    @PostMapping("/api/v1/practices")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Map<String, Object>> create(@RequestBody NewPractice body) {
        if (body == null || body.name() == null || body.name().isBlank()) {
            return Mono.error(new BadRequestException("a practice needs a name"));
        }
        String slug = Practices.slug(body.name(), body.slug());
        BigDecimal fee =
                body.feePerResolved() == null ? new BigDecimal("4.00") : body.feePerResolved();
        return Callers.current()
                .filter(
                        caller ->
                                caller instanceof ReclaimPrincipal.Operator o
                                        && o.practices() == null)
                .switchIfEmpty(
                        Mono.error(
                                new org.springframework.web.server.ResponseStatusException(
                                        HttpStatus.FORBIDDEN,
                                        "creating a practice needs an admin of every practice")))
                .flatMap(
                        caller ->
                                PracticeScope.ALL
                                        .run(
                                                practices.create(
                                                        body.name(), slug, fee, body.payeeIds()))
                                        .switchIfEmpty(
                                                Mono.error(
                                                        new Conflict(
                                                                "a practice with slug '"
                                                                        + slug
                                                                        + "' exists")))
                                        .flatMap(
                                                created ->
                                                        keys.create(
                                                                        created,
                                                                        "first key",
                                                                        caller.actor())
                                                                .map(
                                                                        k -> {
                                                                            Map<String, Object> m =
                                                                                    new LinkedHashMap<>();
                                                                            m.put("id", created);
                                                                            m.put("slug", slug);
                                                                            m.put(
                                                                                    "name",
                                                                                    body.name()
                                                                                            .strip());
                                                                            m.put(
                                                                                    "feePerResolved",
                                                                                    fee);
                                                                            m.put(
                                                                                    "apiKey",
                                                                                    k.apiKey());
                                                                            m.put(
                                                                                    "apiKeyId",
                                                                                    k.id());
                                                                            return m;
                                                                        })));
    }

    /**
     * The practices the caller may see (row-level security filters the practice table), by slug.
     */
    @GetMapping("/api/v1/practices")
    Mono<Page<Map<String, Object>>> list(
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        Page.Request paging = Page.Request.of(page, size);
        return Page.of(
                paging,
                db.sql(
                                "SELECT id, slug, name, payee_ids, fee_per_resolved FROM practice ORDER BY slug"
                                        + " LIMIT :limit OFFSET :offset")
                        .bind("limit", paging.size())
                        .bind("offset", paging.offset())
                        .map(
                                r ->
                                        view(
                                                r.get("id", UUID.class),
                                                r.get("slug", String.class),
                                                r.get("name", String.class),
                                                r.get("payee_ids", String[].class),
                                                r.get("fee_per_resolved", BigDecimal.class)))
                        .all()
                        .collectList(),
                db.sql("SELECT count(*) AS n FROM practice")
                        .map(r -> r.get("n", Long.class))
                        .one());
    }

    @GetMapping("/api/v1/practices/{id}")
    Mono<Map<String, Object>> one(@PathVariable UUID id) {
        return visible(id)
                .flatMap(
                        caller ->
                                db.sql(
                                                "SELECT id, slug, name, payee_ids, fee_per_resolved FROM practice WHERE id = :id")
                                        .bind("id", id)
                                        .map(
                                                r ->
                                                        view(
                                                                r.get("id", UUID.class),
                                                                r.get("slug", String.class),
                                                                r.get("name", String.class),
                                                                r.get("payee_ids", String[].class),
                                                                r.get(
                                                                        "fee_per_resolved",
                                                                        BigDecimal.class)))
                                        .one())
                .flatMap(
                        v ->
                                keys.list(id)
                                        .map(
                                                k -> {
                                                    v.put("keys", k);
                                                    return v;
                                                }))
                .switchIfEmpty(Mono.error(new NotFoundException("practice", id)));
    }

    /** The flat fee per resolved denial (ADMIN): applies to denials resolved from now on. */
    @PutMapping("/api/v1/practices/{id}/fee")
    Mono<Map<String, Object>> fee(@PathVariable UUID id, @RequestBody Fee body) {
        if (body == null
                || body.feePerResolved() == null
                || body.feePerResolved().signum() < 0
                || body.feePerResolved().scale() > 2) {
            return Mono.error(
                    new BadRequestException("feePerResolved must be >= 0 with at most 2 decimals"));
        }
        return visible(id)
                .filter(c -> c instanceof ReclaimPrincipal.Operator o && o.admin())
                .switchIfEmpty(Mono.error(new NotFoundException("practice", id)))
                .flatMap(
                        c ->
                                db.sql("UPDATE practice SET fee_per_resolved = :fee WHERE id = :id")
                                        .bind("fee", body.feePerResolved())
                                        .bind("id", id)
                                        .fetch()
                                        .rowsUpdated())
                .then(one(id));
    }

    @PostMapping("/api/v1/practices/{id}/keys")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Map<String, Object>> addKey(
            @PathVariable UUID id, @RequestBody(required = false) NewKey body) {
        return managed(id)
                .flatMap(
                        caller -> keys.create(id, body == null ? "" : body.label(), caller.actor()))
                .map(
                        k ->
                                Map.<String, Object>of(
                                        "id", k.id(), "prefix", k.prefix(), "apiKey", k.apiKey()));
    }

    @DeleteMapping("/api/v1/practices/{id}/keys/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> revoke(@PathVariable UUID id, @PathVariable UUID keyId) {
        return managed(id)
                .flatMap(caller -> keys.revoke(id, keyId))
                .switchIfEmpty(Mono.error(new NotFoundException("API key", keyId)))
                .then();
    }

    /** The caller, when it may see the practice (a missing one and a hidden one look the same). */
    private Mono<ReclaimPrincipal> visible(UUID id) {
        return Callers.current()
                .filter(c -> c.scope().allows(id))
                .filterWhen(
                        c ->
                                db.sql("SELECT 1 FROM practice WHERE id = :id")
                                        .bind("id", id)
                                        .map(r -> 1)
                                        .one()
                                        .hasElement())
                .switchIfEmpty(Mono.error(new NotFoundException("practice", id)));
    }

    /** Keys are managed by an admin, or by the practice itself. */
    private Mono<ReclaimPrincipal> managed(UUID id) {
        return visible(id)
                .filter(
                        c ->
                                c instanceof ReclaimPrincipal.PracticeKey
                                        || c instanceof ReclaimPrincipal.Operator o && o.admin())
                .switchIfEmpty(Mono.error(new NotFoundException("practice", id)));
    }

    private static Map<String, Object> view(
            UUID id, String slug, String name, String[] payees, BigDecimal fee) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("slug", slug);
        m.put("name", name);
        m.put("payeeIds", payees == null ? List.of() : List.of(payees));
        m.put("feePerResolved", fee);
        return m;
    }

    static final class Conflict extends org.springframework.web.server.ResponseStatusException {
        private static final long serialVersionUID = 1L;

        Conflict(String m) {
            super(HttpStatus.CONFLICT, m);
        }
    }
}
