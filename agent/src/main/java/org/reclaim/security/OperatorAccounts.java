package org.reclaim.security;

import io.r2dbc.spi.Readable;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.reclaim.core.Ids;
import org.reclaim.core.Page;
import org.reclaim.security.ReclaimPrincipal.Operator;
import org.reclaim.security.ReclaimPrincipal.Role;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Operator accounts: passwords hashed with Argon2id, a lockout after repeated failures. Hashing
 * runs off the event loop. An unknown user name costs one hash too, so timing does not tell which
 * accounts exist.
 */
@Component
public class OperatorAccounts {

    public record OperatorView(
            UUID id,
            String username,
            String role,
            List<UUID> practices,
            boolean locked,
            boolean disabled,
            OffsetDateTime createdAt,
            OffsetDateTime lastLoginAt) {}

    private static final String SELECT =
            """
            SELECT id, username, role, practices, locked_until, disabled, created_at, last_login_at
            FROM operator""";

    /**
     * The operators an admin may see and manage: all of them for an unrestricted admin; for an
     * admin limited to some practices, those limited to (some of) the same practices.
     */
    private static final String WITHIN = " WHERE practices IS NOT NULL AND practices <@ :mine";

    private final DatabaseClient db;
    private final PasswordEncoder hasher;
    private final SecurityProperties props;
    private final Clock clock;
    private final String dummyHash;
    private final LoginThrottle throttle;

    OperatorAccounts(
            DatabaseClient db, SecurityProperties props, Clock clock, LoginThrottle throttle) {
        this.db = db;
        this.throttle = throttle;
        this.props = props;
        this.clock = clock;
        this.hasher =
                new Argon2PasswordEncoder(
                        16, 32, 1, props.passwordMemoryKib(), props.passwordIterations());
        this.dummyHash = hasher.encode("not a password of anyone");
    }

    private record Row(
            UUID id,
            String username,
            String hash,
            String role,
            UUID[] practices,
            int failed,
            OffsetDateTime lockedUntil,
            boolean disabled) {}

    /**
     * Checks a user name and password; failures count towards the lockout. An attempt is counted
     * before its password is hashed, so parallel guesses cannot run more hashes than the lockout
     * allows; attempts also count towards their source address's allowance ({@link LoginThrottle}).
     */
    public Mono<Operator> authenticate(String username, String password) {
        return throttle.guard(
                attempt(username, password),
                e -> e instanceof org.springframework.security.core.AuthenticationException);
    }

    private Mono<Operator> attempt(String username, String password) {
        return PracticeScope.ALL.run(
                db.sql(
                                """
                        SELECT id, username, password_hash, role, practices, failed_logins, locked_until, disabled
                        FROM operator WHERE username = :u""")
                        .bind("u", username == null ? "" : username)
                        .map(
                                r ->
                                        new Row(
                                                r.get("id", UUID.class),
                                                r.get("username", String.class),
                                                r.get("password_hash", String.class),
                                                r.get("role", String.class),
                                                r.get("practices", UUID[].class),
                                                r.get("failed_logins", Integer.class),
                                                r.get("locked_until", OffsetDateTime.class),
                                                Boolean.TRUE.equals(
                                                        r.get("disabled", Boolean.class))))
                        .one()
                        .flatMap(row -> check(row, password))
                        .switchIfEmpty(
                                Mono.defer(
                                        () ->
                                                Mono.fromCallable(
                                                                () ->
                                                                        hasher.matches(
                                                                                String.valueOf(
                                                                                        password),
                                                                                dummyHash))
                                                        .subscribeOn(Schedulers.boundedElastic())
                                                        .then(
                                                                Mono.error(
                                                                        new BadCredentialsException(
                                                                                "bad credentials"))))));
    }

    private Mono<Operator> check(Row row, String password) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        if (row.disabled()) return Mono.error(new DisabledException("account disabled"));
        if (row.lockedUntil() != null && row.lockedUntil().isAfter(now)) return locked();
        return counted(row, now)
                .flatMap(
                        counted ->
                                Mono.fromCallable(
                                                () ->
                                                        password != null
                                                                && hasher.matches(
                                                                        password, row.hash()))
                                        .subscribeOn(Schedulers.boundedElastic()))
                .switchIfEmpty(locked())
                .flatMap(
                        ok ->
                                ok
                                        ? succeeded(row, now)
                                        : Mono.error(
                                                new BadCredentialsException("bad credentials")));
    }

    private static <T> Mono<T> locked() {
        return Mono.error(
                new LockedException(
                        "account locked after repeated failed logins; try again later"));
    }

    /**
     * Counts the attempt as a failure before the password is checked (a success clears it again),
     * locking the account when this is the last one allowed; empty when the account is locked
     * meanwhile. The row lock makes parallel attempts take turns. After a lockout has run out, the
     * count starts again.
     */
    private Mono<UUID> counted(Row row, OffsetDateTime now) {
        return PracticeScope.ALL.run(
                db.sql(
                                """
                        UPDATE operator SET
                            failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= :now THEN 1
                                                 ELSE failed_logins + 1 END,
                            locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= :now THEN 1
                                                           ELSE failed_logins + 1 END) >= :max
                                                THEN CAST(:until AS timestamptz) END
                        WHERE id = :id AND NOT disabled AND (locked_until IS NULL OR locked_until <= :now)
                        RETURNING id""")
                        .bind("now", now)
                        .bind("max", props.maxFailedLogins())
                        .bind("until", now.plus(props.lockout()))
                        .bind("id", row.id())
                        .map(r -> r.get("id", UUID.class))
                        .one());
    }

    private Mono<Operator> succeeded(Row row, OffsetDateTime now) {
        Set<UUID> practices =
                row.practices() == null ? null : new HashSet<>(Arrays.asList(row.practices()));
        return PracticeScope.ALL
                .run(
                        db.sql(
                                        "UPDATE operator SET failed_logins = 0, locked_until = NULL, last_login_at = :now WHERE id = :id")
                                .bind("now", now)
                                .bind("id", row.id())
                                .then())
                .thenReturn(
                        new Operator(
                                row.id(), row.username(), Role.valueOf(row.role()), practices));
    }

    /**
     * Creates an operator on behalf of {@code admin}: an admin limited to some practices may only
     * create operators limited to (some of) those practices (403 otherwise).
     */
    public Mono<OperatorView> create(
            Operator admin, String username, String password, Role role, Set<UUID> practices) {
        if (admin.practices() != null
                && (practices == null
                        || practices.isEmpty()
                        || !admin.practices().containsAll(practices))) {
            return Mono.error(
                    new ResponseStatusException(
                            HttpStatus.FORBIDDEN,
                            "an admin limited to some practices creates operators limited to"
                                    + " those practices only"));
        }
        return create(username, password, role, practices);
    }

    /** Creates an operator; {@code practices} null = every practice. */
    public Mono<OperatorView> create(
            String username, String password, Role role, Set<UUID> practices) {
        UUID id = Ids.next();
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        return Mono.fromCallable(() -> hasher.encode(password))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(
                        hash -> {
                            var spec =
                                    db.sql(
                                                    """
                                    INSERT INTO operator (id, username, password_hash, role, practices, created_at)
                                    VALUES (:id, :u, :h, :r, :p, :now)""")
                                            .bind("id", id)
                                            .bind("u", username)
                                            .bind("h", hash)
                                            .bind("r", role.name())
                                            .bind("now", now);
                            spec =
                                    practices == null
                                            ? spec.bindNull("p", UUID[].class)
                                            : spec.bind("p", practices.toArray(UUID[]::new));
                            return PracticeScope.ALL.run(spec.then());
                        })
                .thenReturn(
                        new OperatorView(
                                id,
                                username,
                                role.name(),
                                practices == null ? null : List.copyOf(practices),
                                false,
                                false,
                                now,
                                null));
    }

    /** The operators {@code admin} may see, by user name (the admin page). */
    public Mono<List<OperatorView>> list(Operator admin) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return PracticeScope.ALL.run(
                within(db.sql(SELECT + where(admin) + " ORDER BY username"), admin)
                        .map(r -> view(r, now))
                        .all()
                        .collectList());
    }

    /** A page of the operators {@code admin} may see, by user name (the API). */
    public Mono<Page<OperatorView>> list(Operator admin, Page.Request page) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return PracticeScope.ALL.run(
                Page.of(
                        page,
                        within(
                                        db.sql(
                                                SELECT
                                                        + where(admin)
                                                        + " ORDER BY username LIMIT :limit OFFSET :offset"),
                                        admin)
                                .bind("limit", page.size())
                                .bind("offset", page.offset())
                                .map(r -> view(r, now))
                                .all()
                                .collectList(),
                        within(db.sql("SELECT count(*) AS n FROM operator" + where(admin)), admin)
                                .map(r -> r.get("n", Long.class))
                                .one()));
    }

    private static String where(Operator admin) {
        return admin.practices() == null ? "" : WITHIN;
    }

    private static DatabaseClient.GenericExecuteSpec within(
            DatabaseClient.GenericExecuteSpec spec, Operator admin) {
        return admin.practices() == null
                ? spec
                : spec.bind("mine", admin.practices().toArray(UUID[]::new));
    }

    private static OperatorView view(Readable r, OffsetDateTime now) {
        UUID[] p = r.get("practices", UUID[].class);
        OffsetDateTime locked = r.get("locked_until", OffsetDateTime.class);
        return new OperatorView(
                r.get("id", UUID.class),
                r.get("username", String.class),
                r.get("role", String.class),
                p == null ? null : List.of(p),
                locked != null && locked.isAfter(now),
                Boolean.TRUE.equals(r.get("disabled", Boolean.class)),
                r.get("created_at", OffsetDateTime.class),
                r.get("last_login_at", OffsetDateTime.class));
    }

    public Mono<Boolean> anyExists() {
        return PracticeScope.ALL.run(
                db.sql("SELECT 1 FROM operator LIMIT 1").map(r -> 1).first().hasElement());
    }

    /** A random password for the bootstrap admin: 128 bits, URL-safe. */
    static String generatedPassword() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
