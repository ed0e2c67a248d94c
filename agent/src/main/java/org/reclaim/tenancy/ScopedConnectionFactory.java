package org.reclaim.tenancy;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The service's connection factory: hands out pooled connections with the session setting {@code
 * reclaim.practices} set from the {@link PracticeScope} of the subscriber, before anything else
 * runs on them (so before a transaction begins, and for single statements too). Every checkout sets
 * it afresh, so a value never leaks from one use of a pooled connection to the next.
 */
final class ScopedConnectionFactory
        implements ConnectionFactory, Wrapped<ConnectionFactory>, DisposableBean {

    private static final String SET = "SELECT set_config('reclaim.practices', $1, false)";

    private final ConnectionFactory pool;

    ScopedConnectionFactory(ConnectionFactory pool) {
        this.pool = pool;
    }

    @Override
    public Publisher<? extends Connection> create() {
        return PracticeScope.current()
                .flatMap(
                        scope ->
                                Mono.from(pool.create())
                                        .flatMap(
                                                conn ->
                                                        Flux.from(
                                                                        conn.createStatement(SET)
                                                                                .bind(
                                                                                        0,
                                                                                        scope
                                                                                                .setting())
                                                                                .execute())
                                                                .concatMap(
                                                                        r ->
                                                                                r.map(
                                                                                        (row,
                                                                                                meta) ->
                                                                                                1))
                                                                .then(Mono.just(conn))
                                                                .onErrorResume(
                                                                        e ->
                                                                                Mono.from(
                                                                                                conn
                                                                                                        .close())
                                                                                        .then(
                                                                                                Mono
                                                                                                        .error(
                                                                                                                e)))));
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return pool.getMetadata();
    }

    @Override
    public ConnectionFactory unwrap() {
        return pool;
    }

    @Override
    public void destroy() {
        if (pool instanceof Disposable d) d.dispose();
    }
}
