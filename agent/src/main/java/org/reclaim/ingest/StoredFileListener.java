package org.reclaim.ingest;

import reactor.core.publisher.Mono;

/**
 * The hand-off out of ingestion: told of what was stored, after it is committed. Listeners run in
 * their {@code @Order}, each phase for all of them before the next: first {@link #catchUp} (work
 * the stored rows still wait for, such as triaging new denials), then {@link #stored} for a file
 * with something new (how the agent learns of the payer's answers: 835 payments, 277 statuses,
 * 999/997/277CA acknowledgments).
 *
 * <p>The tables are the durable truth, and a listener may be told of the same file more than once
 * (when an earlier attempt failed or its instance died), so applying an answer twice must change
 * nothing. It fails when any part of the file could not be applied: the file is then applied again
 * later, and nothing of it is lost.
 */
public interface StoredFileListener {

    /**
     * After every stored file, at start-up and before every agent pass: what stored rows still wait
     * for.
     */
    default Mono<Void> catchUp() {
        return Mono.empty();
    }

    /** A file's answers, once per file until this succeeds for every listener. */
    default Mono<Void> stored(StoredFile file) {
        return Mono.empty();
    }
}
