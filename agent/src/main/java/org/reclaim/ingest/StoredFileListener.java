package org.reclaim.ingest;

import reactor.core.publisher.Mono;

/**
 * Told of every file stored with something new, after it is committed and its denials triaged: how
 * the agent learns of the payer's answers (835 payments, 277 statuses, 999/277CA acknowledgments).
 *
 * <p>A listener may be told of the same file more than once (when an earlier attempt failed or its
 * instance died), so applying an answer twice must change nothing. It fails when any part of the file
 * could not be applied: the file is then applied again later, and nothing of it is lost.
 */
public interface StoredFileListener {

    Mono<Void> stored(StoredFile file);
}
