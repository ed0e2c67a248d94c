package org.reclaim.denial;

import java.util.UUID;

/** A status change the lifecycle does not allow, or one raced by another change. */
public final class IllegalTransitionException extends RuntimeException {

    public IllegalTransitionException(UUID denial, DenialStatus from, DenialStatus to) {
        super("denial " + denial + " cannot move from " + from + " to " + to);
    }
}
