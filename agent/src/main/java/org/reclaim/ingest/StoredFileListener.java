package org.reclaim.ingest;

import reactor.core.publisher.Mono;

/**
 * Told of every file stored with something new, after it is committed and its denials triaged: how
 * the agent learns of the payer's answers (835 payments, 277 statuses, 999/277CA acknowledgments).
 */
public interface StoredFileListener {

    Mono<Void> stored(IngestResult result);
}
