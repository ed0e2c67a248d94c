package org.reclaim.payeranswer;

import reactor.core.publisher.Mono;

/**
 * Told of every {@link DenialResolved}, inside the transaction that records the resolution, so what
 * it writes commits or rolls back with it. Told again when the same answer is applied again (after
 * a failure elsewhere in its file), so it must be idempotent.
 */
public interface DenialResolvedListener {

    Mono<Void> resolved(DenialResolved event);
}
