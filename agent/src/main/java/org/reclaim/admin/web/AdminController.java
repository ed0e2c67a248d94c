package org.reclaim.admin.web;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.reclaim.core.BadRequestException;
import org.reclaim.partner.ConnectorSettings;
import org.reclaim.security.Callers;
import org.reclaim.security.OperatorAccounts;
import org.reclaim.security.PracticeKeys;
import org.reclaim.security.ReclaimPrincipal.Role;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Administration (role ADMIN): practices and their API keys (a new key is shown once, on the page
 * that made it), operator accounts, and each practice's connector settings (secrets are sealed at
 * rest and only their last characters are ever shown).
 */
@Controller
class AdminController {

    public record PracticeRow(
            UUID id,
            String slug,
            String name,
            BigDecimal fee,
            List<String> payeeIds,
            List<PracticeKeys.KeyView> keys) {}

    private final DatabaseClient db;
    private final PracticeKeys keys;
    private final OperatorAccounts operators;
    private final ConnectorSettings connectors;

    private final org.reclaim.practice.Practices practiceRows;

    AdminController(
            DatabaseClient db,
            PracticeKeys keys,
            OperatorAccounts operators,
            ConnectorSettings connectors,
            org.reclaim.practice.Practices practiceRows) {
        this.practiceRows = practiceRows;
        this.db = db;
        this.keys = keys;
        this.operators = operators;
        this.connectors = connectors;
    }

    @GetMapping("/admin")
    Mono<String> admin(@RequestParam(required = false) String practice, Model model) {
        return page(practice, model);
    }

    private Mono<String> page(String selected, Model model) {
        Mono<List<PracticeRow>> practices =
                db.sql(
                                "SELECT id, slug, name, fee_per_resolved, payee_ids FROM practice ORDER BY slug")
                        .map(
                                r ->
                                        new Object[] {
                                            r.get("id", UUID.class),
                                            r.get("slug", String.class),
                                            r.get("name", String.class),
                                            r.get("fee_per_resolved", BigDecimal.class),
                                            r.get("payee_ids", String[].class)
                                        })
                        .all()
                        .concatMap(
                                o ->
                                        keys.list((UUID) o[0])
                                                .map(
                                                        k ->
                                                                new PracticeRow(
                                                                        (UUID) o[0],
                                                                        (String) o[1],
                                                                        (String) o[2],
                                                                        (BigDecimal) o[3],
                                                                        o[4] == null
                                                                                ? List.of()
                                                                                : List.of(
                                                                                        (String[])
                                                                                                o[
                                                                                                        4]),
                                                                        k.stream()
                                                                                .filter(
                                                                                        v ->
                                                                                                v
                                                                                                                .revokedAt()
                                                                                                        == null)
                                                                                .toList())))
                        .collectList();
        return Mono.zip(practices, Callers.signedInOperator().flatMap(operators::list))
                .flatMap(
                        t -> {
                            List<PracticeRow> ps = t.getT1();
                            PracticeRow current =
                                    ps.stream()
                                            .filter(p -> p.slug().equals(selected))
                                            .findFirst()
                                            .orElse(ps.isEmpty() ? null : ps.get(0));
                            model.addAttribute("practices", ps);
                            model.addAttribute("operators", t.getT2());
                            model.addAttribute("current", current);
                            model.addAttribute("roles", Role.values());
                            if (current == null) return Mono.just("admin");
                            return Mono.zip(
                                            connectors.portals(current.id()),
                                            clearinghouse(current.id()),
                                            connectors
                                                    .clearinghouseView(current.id())
                                                    .map(
                                                            v ->
                                                                    java.util.Optional.ofNullable(
                                                                            v.sftp())))
                                    .map(
                                            c -> {
                                                model.addAttribute("portals", c.getT1());
                                                model.addAttribute("sftp", c.getT3().orElse(null));
                                                model.addAttribute(
                                                        "clearinghouse",
                                                        c.getT2().isEmpty()
                                                                ? null
                                                                : c.getT2().get(0));
                                                return "admin";
                                            });
                        });
    }

    private Mono<List<Map<String, String>>> clearinghouse(UUID practice) {
        return db.sql(
                        """
                        SELECT base_url, auth_header_name, secret_hint FROM connector_setting
                        WHERE practice_id = :p AND kind = 'clearinghouse-rest'""")
                .bind("p", practice)
                .map(
                        r ->
                                Map.of(
                                        "baseUrl",
                                        r.get("base_url", String.class),
                                        "authHeaderName",
                                        r.get("auth_header_name", String.class),
                                        "secret",
                                        r.get("secret_hint", String.class)))
                .all()
                .collectList();
    }

    @PostMapping("/admin/practices")
    Mono<String> createPractice(ServerWebExchange exchange, Model model) {
        return exchange.getFormData()
                .flatMap(
                        f -> {
                            String name = trim(f.getFirst("name"));
                            if (name.isEmpty())
                                return Mono.error(
                                        new BadRequestException("a practice needs a name"));
                            String s =
                                    org.reclaim.practice.Practices.slug(name, f.getFirst("slug"));
                            return Callers.signedInOperator()
                                    .filter(o -> o.practices() == null)
                                    .switchIfEmpty(
                                            Mono.error(
                                                    new BadRequestException(
                                                            "creating a practice needs an admin of"
                                                                    + " every practice")))
                                    .flatMap(
                                            caller ->
                                                    practiceRows
                                                            .create(
                                                                    name,
                                                                    s,
                                                                    money(f.getFirst("fee")),
                                                                    null)
                                                            .switchIfEmpty(
                                                                    Mono.error(
                                                                            new BadRequestException(
                                                                                    "a practice with slug '"
                                                                                            + s
                                                                                            + "' exists")))
                                                            .flatMap(
                                                                    created ->
                                                                            keys.create(
                                                                                    created,
                                                                                    "first key",
                                                                                    caller
                                                                                            .actor())))
                                    .flatMap(
                                            k -> {
                                                model.addAttribute("newKey", k.apiKey());
                                                model.addAttribute("newKeyFor", s);
                                                return page(s, model);
                                            });
                        });
    }

    @PostMapping("/admin/practices/{id}/keys")
    Mono<String> newKey(@PathVariable UUID id, ServerWebExchange exchange, Model model) {
        return slug(id).then(exchange.getFormData())
                .flatMap(
                        f ->
                                Callers.current()
                                        .flatMap(
                                                caller ->
                                                        keys.create(
                                                                id,
                                                                trim(f.getFirst("label")),
                                                                caller.actor()))
                                        .flatMap(
                                                k ->
                                                        slug(id).flatMap(
                                                                        slug -> {
                                                                            model.addAttribute(
                                                                                    "newKey",
                                                                                    k.apiKey());
                                                                            model.addAttribute(
                                                                                    "newKeyFor",
                                                                                    slug);
                                                                            return page(
                                                                                    slug, model);
                                                                        })));
    }

    @PostMapping("/admin/practices/{id}/keys/{key}/revoke")
    Mono<String> revoke(@PathVariable UUID id, @PathVariable UUID key) {
        return slug(id).flatMap(
                        slug ->
                                keys.revoke(id, key)
                                        .thenReturn("redirect:/admin?practice=" + slug));
    }

    @PostMapping("/admin/practices/{id}/fee")
    Mono<String> fee(@PathVariable UUID id, ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(
                        f ->
                                db.sql("UPDATE practice SET fee_per_resolved = :fee WHERE id = :id")
                                        .bind("fee", money(f.getFirst("fee")))
                                        .bind("id", id)
                                        .then())
                .then(slug(id))
                .map(slug -> "redirect:/admin?practice=" + slug);
    }

    @PostMapping("/admin/operators")
    Mono<String> createOperator(ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(
                        f -> {
                            String user = trim(f.getFirst("username"));
                            String password = f.getFirst("password");
                            if (!user.matches("[A-Za-z0-9._@-]{1,64}"))
                                return Mono.error(new BadRequestException("invalid user name"));
                            if (password == null || password.length() < 12) {
                                return Mono.error(
                                        new BadRequestException(
                                                "a password needs at least 12 characters"));
                            }
                            Role role =
                                    "ADMIN".equals(f.getFirst("role")) ? Role.ADMIN : Role.REVIEWER;
                            List<String> limited = f.getOrDefault("practices", List.of());
                            Mono<Set<UUID>> practices =
                                    limited.isEmpty()
                                            ? Mono.empty()
                                            : Flux.fromIterable(limited)
                                                    .map(UUID::fromString)
                                                    .collect(HashSet<UUID>::new, Set::add);
                            return practices
                                    .map(java.util.Optional::of)
                                    .defaultIfEmpty(java.util.Optional.empty())
                                    .zipWith(Callers.signedInOperator())
                                    .flatMap(
                                            t ->
                                                    operators.create(
                                                            t.getT2(),
                                                            user,
                                                            password,
                                                            role,
                                                            t.getT1().orElse(null)))
                                    .onErrorMap(
                                            org.springframework.dao.DataIntegrityViolationException
                                                    .class,
                                            e ->
                                                    new BadRequestException(
                                                            "an operator named '"
                                                                    + user
                                                                    + "' exists"))
                                    .thenReturn("redirect:/admin");
                        });
    }

    @PostMapping("/admin/practices/{id}/portals")
    Mono<String> portal(@PathVariable UUID id, ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(
                        f ->
                                connectors.savePortal(
                                        id,
                                        trim(f.getFirst("payerId")),
                                        trim(f.getFirst("baseUrl")),
                                        trim(f.getFirst("authHeaderName")),
                                        f.getFirst("authHeaderValue")))
                .then(slug(id))
                .map(slug -> "redirect:/admin?practice=" + slug);
    }

    /**
     * The practice's clearinghouse over SFTP, from the admin page's form: one download folder a
     * line, patterns separated by commas; a private key replaces the password when given.
     */
    @PostMapping("/admin/practices/{id}/clearinghouse-sftp")
    Mono<String> sftpClearinghouse(@PathVariable UUID id, ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(
                        f -> {
                            String key = f.getFirst("privateKey");
                            boolean byKey = key != null && !key.isBlank();
                            Integer port;
                            try {
                                port =
                                        trim(f.getFirst("port")).isEmpty()
                                                ? null
                                                : Integer.valueOf(trim(f.getFirst("port")));
                            } catch (NumberFormatException e) {
                                throw new BadRequestException("sftp.port: not a number");
                            }
                            return connectors.saveSftpClearinghouse(
                                    id,
                                    new org.reclaim.partner.ConnectorSettings.SftpSetting(
                                            trim(f.getFirst("host")),
                                            port,
                                            trim(f.getFirst("username")),
                                            byKey ? null : f.getFirst("password"),
                                            byKey ? key : null,
                                            trim(f.getFirst("hostKey")),
                                            trim(f.getFirst("uploadDir")),
                                            lines(f.getFirst("downloadDirs")),
                                            java.util.Arrays.stream(
                                                            trim(f.getFirst("filePatterns"))
                                                                    .split(","))
                                                    .map(String::strip)
                                                    .filter(x -> !x.isEmpty())
                                                    .toList(),
                                            trim(f.getFirst("afterDownload")).isEmpty()
                                                    ? null
                                                    : trim(f.getFirst("afterDownload")),
                                            null),
                                    null);
                        })
                .then(slug(id))
                .map(slug -> "redirect:/admin?practice=" + slug);
    }

    private static List<String> lines(String text) {
        if (text == null) return List.of();
        return text.lines().map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    @PostMapping("/admin/practices/{id}/clearinghouse")
    Mono<String> clearinghouse(@PathVariable UUID id, ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(
                        f ->
                                connectors.saveClearinghouse(
                                        id,
                                        trim(f.getFirst("baseUrl")),
                                        trim(f.getFirst("authHeaderName")),
                                        f.getFirst("authHeaderValue"),
                                        null))
                .then(slug(id))
                .map(slug -> "redirect:/admin?practice=" + slug);
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(BadRequestException.class)
    @org.springframework.web.bind.annotation.ResponseStatus(
            org.springframework.http.HttpStatus.BAD_REQUEST)
    String badRequest(BadRequestException e, Model model) {
        model.addAttribute("message", e.getMessage());
        model.addAttribute("title", "Not accepted");
        return "not-found";
    }

    private Mono<String> slug(UUID id) {
        return db.sql("SELECT slug FROM practice WHERE id = :id")
                .bind("id", id)
                .map(r -> r.get("slug", String.class))
                .one()
                .switchIfEmpty(Mono.error(new BadRequestException("no practice " + id)));
    }

    private static BigDecimal money(String s) {
        try {
            BigDecimal fee =
                    s == null || s.isBlank() ? new BigDecimal("4.00") : new BigDecimal(s.trim());
            if (fee.signum() < 0 || fee.scale() > 2) throw new NumberFormatException();
            return fee;
        } catch (NumberFormatException e) {
            throw new BadRequestException(
                    "a fee is an amount >= 0 with at most 2 decimals, not '" + s + "'");
        }
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }
}
