package org.reclaim.denial;

import reactor.core.publisher.Mono;

/**
 * Told of every move {@link Lifecycle#move} makes, inside the caller's transaction (right after the
 * move is written), so what it writes commits or rolls back with the move.
 */
public interface DenialMovedListener {

    Mono<Void> moved(DenialMoved event);
}
