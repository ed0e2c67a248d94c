package org.reclaim.prevention;

import reactor.core.publisher.Mono;

/**
 * Told of every {@link ClaimHeld}, right after the held claim is written (once: a claim the gate
 * already holds is not told again), so it must be idempotent by the held claim's id.
 */
public interface ClaimHeldListener {

    Mono<Void> held(ClaimHeld event);
}
