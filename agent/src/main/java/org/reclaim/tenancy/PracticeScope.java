package org.reclaim.tenancy;

import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Which practices the work at hand may see. It travels in the Reactor context and becomes the
 * database session's {@code reclaim.practices} setting on every connection taken from the pool,
 * which the row-level security policies read (V5__tenancy.sql).
 *
 * <p>Web requests always carry a scope (the principal's, or {@link #NONE} when anonymous); work the
 * service starts itself (the agent, the drop folder, start-up) carries none and runs as {@link
 * #ALL}.
 */
public record PracticeScope(boolean all, Set<UUID> practices) {

    static final Object KEY = PracticeScope.class;

    public static final PracticeScope ALL = new PracticeScope(true, Set.of());
    public static final PracticeScope NONE = new PracticeScope(false, Set.of());

    public PracticeScope {
        practices = Set.copyOf(practices);
    }

    public static PracticeScope of(UUID practice) {
        return new PracticeScope(false, Set.of(practice));
    }

    public static PracticeScope of(Set<UUID> practices) {
        return new PracticeScope(false, practices);
    }

    public boolean allows(UUID practice) {
        return all || practices.contains(practice);
    }

    /**
     * The value of the database setting: {@code *}, or the ids separated by commas ("" sees
     * nothing).
     */
    public String setting() {
        if (all) return "*";
        StringBuilder b = new StringBuilder();
        for (UUID p : new TreeSet<>(practices)) {
            if (!b.isEmpty()) b.append(',');
            b.append(p);
        }
        return b.toString();
    }

    /** The scope of the running pipeline ({@link #ALL} for the service's own work). */
    public static Mono<PracticeScope> current() {
        return Mono.deferContextual(ctx -> Mono.just(ctx.getOrDefault(KEY, ALL)));
    }

    /**
     * The application's own practice filter on {@code column} (row-level security filters again
     * underneath): {@code TRUE} for every practice, else membership in the bound {@code
     * :visiblePractices}; bind it with {@link #bind}.
     */
    public String sql(String column) {
        return all ? "TRUE" : column + " = ANY(:visiblePractices)";
    }

    public org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec bind(
            org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec spec) {
        return all ? spec : spec.bind("visiblePractices", practices.toArray(UUID[]::new));
    }

    public Context putInto(Context ctx) {
        return ctx.put(KEY, this);
    }

    public <T> Mono<T> run(Mono<T> work) {
        return work.contextWrite(ctx -> ctx.put(KEY, this));
    }

    public <T> Flux<T> run(Flux<T> work) {
        return work.contextWrite(ctx -> ctx.put(KEY, this));
    }
}
