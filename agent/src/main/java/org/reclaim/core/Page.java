package org.reclaim.core;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A page of a list (docs/contracts.md §3): {@code ?page=} 0-based, {@code &size=} default 50, at
 * most 1000.
 */
public record Page<T>(List<T> content, int page, int size, long totalElements) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 1000;

    /**
     * The page {@code request} asked for: its rows and the count of every row, queried side by
     * side.
     */
    public static <T> Mono<Page<T>> of(
            Request request, Mono<List<T>> content, Mono<Long> totalElements) {
        return Mono.zip(content, totalElements)
                .map(t -> new Page<>(t.getT1(), request.page(), request.size(), t.getT2()));
    }

    /**
     * The page {@code request} asked for of a list held whole in memory (what triage loaded from
     * its files).
     */
    public static <T> Page<T> of(Request request, List<T> all) {
        int from = (int) Math.min(all.size(), request.offset());
        int to = (int) Math.min(all.size(), request.offset() + request.size());
        return new Page<>(
                List.copyOf(all.subList(from, to)), request.page(), request.size(), all.size());
    }

    /** Validated paging parameters. */
    public record Request(int page, int size) {

        public static Request of(Integer page, Integer size) {
            int p = page == null ? 0 : page;
            int s = size == null ? DEFAULT_SIZE : size;
            if (p < 0) throw new BadRequestException("page must be 0 or more, got " + p);
            if (s < 1 || s > MAX_SIZE)
                throw new BadRequestException("size must be 1 to " + MAX_SIZE + ", got " + s);
            return new Request(p, s);
        }

        public long offset() {
            return (long) page * size;
        }
    }
}
