package org.reclaim.security;

import org.reclaim.practice.Practices;
import org.reclaim.security.ReclaimPrincipal.Role;
import org.reclaim.tenancy.PracticeScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Start-up bootstrap (docs/contracts.md §4), idempotent and safe when two instances start at once
 * (one transaction holding an advisory lock): the {@code default} practice exists; it gets {@code
 * RECLAIM_BOOTSTRAP_PRACTICE_KEY} when it has no key; with no operator at all, {@code admin}
 * (ADMIN) is created with {@code RECLAIM_BOOTSTRAP_OPERATOR_PASSWORD}, or with a generated password
 * printed once on standard output (never logged).
 */
@Component
class Bootstrap implements org.springframework.beans.factory.SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);
    private static final long LOCK = 0x5245434c41494dL; // "RECLAIM"

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final OperatorAccounts operators;
    private final PracticeKeys keys;
    private final Environment env;

    Bootstrap(
            DatabaseClient db,
            ReactiveTransactionManager txm,
            OperatorAccounts operators,
            PracticeKeys keys,
            Environment env) {
        this.db = db;
        this.tx = TransactionalOperator.create(txm);
        this.operators = operators;
        this.keys = keys;
        this.env = env;
    }

    /** After every singleton, so after the migrations. */
    @Override
    public void afterSingletonsInstantiated() {
        run().block();
    }

    Mono<Void> run() {
        String key = env.getProperty("RECLAIM_BOOTSTRAP_PRACTICE_KEY", "");
        String password = env.getProperty("RECLAIM_BOOTSTRAP_OPERATOR_PASSWORD", "");
        Mono<Void> work =
                db.sql("SELECT pg_advisory_xact_lock(:k)")
                        .bind("k", LOCK)
                        .then()
                        .then(
                                db.sql(
                                                """
                        INSERT INTO practice (id, slug, name) VALUES (:id, 'default', 'Default practice')
                        ON CONFLICT DO NOTHING""")
                                        .bind("id", Practices.DEFAULT_ID)
                                        .then())
                        .then(
                                key.isBlank()
                                        ? Mono.empty()
                                        : keys.hasKey(Practices.DEFAULT_ID)
                                                .flatMap(
                                                        has ->
                                                                has
                                                                        ? Mono.empty()
                                                                        : keys.add(
                                                                                        Practices
                                                                                                .DEFAULT_ID,
                                                                                        key,
                                                                                        "bootstrap",
                                                                                        "bootstrap")
                                                                                .doOnNext(
                                                                                        k ->
                                                                                                log
                                                                                                        .info(
                                                                                                                "bootstrap: the default practice has the key from "
                                                                                                                        + "RECLAIM_BOOTSTRAP_PRACTICE_KEY ({}...)",
                                                                                                                k
                                                                                                                        .prefix()))
                                                                                .then()))
                        .then(
                                operators
                                        .anyExists()
                                        .flatMap(
                                                any -> {
                                                    if (any) return Mono.empty();
                                                    boolean generated = password.isBlank();
                                                    String pw =
                                                            generated
                                                                    ? OperatorAccounts
                                                                            .generatedPassword()
                                                                    : password;
                                                    return operators
                                                            .create("admin", pw, Role.ADMIN, null)
                                                            .doOnNext(
                                                                    v -> {
                                                                        if (generated) {
                                                                            System.out.println(
                                                                                    """

                                    ==== Reclaim: first start ====
                                    An operator 'admin' (role ADMIN) was created with the password:
                                        %s
                                    It is shown this once. Sign in at /login and create the other accounts.
                                    ==============================
                                    """
                                                                                            .formatted(
                                                                                                    pw));
                                                                        } else {
                                                                            log.info(
                                                                                    "bootstrap: operator 'admin' created with RECLAIM_BOOTSTRAP_OPERATOR_PASSWORD");
                                                                        }
                                                                    })
                                                            .then();
                                                }));
        return PracticeScope.ALL.run(tx.transactional(work));
    }
}
