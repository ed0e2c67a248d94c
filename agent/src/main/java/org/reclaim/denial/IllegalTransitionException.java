package org.reclaim.denial;

import java.util.UUID;
import org.reclaim.core.HttpProblem;

/** A status change the lifecycle does not allow, or one raced by another change. */
public final class IllegalTransitionException extends RuntimeException implements HttpProblem {
    private static final long serialVersionUID = 1L;

    /**
     * The denial moved meanwhile (e.g. escalated at its deadline): the action no longer applies.
     */
    @Override
    public int status() {
        return 409;
    }

    @Override
    public String title() {
        return "The denial is no longer in a state that allows this";
    }

    private final UUID denial;

    public IllegalTransitionException(UUID denial, DenialStatus from, DenialStatus to) {
        super("denial " + denial + " cannot move from " + from + " to " + to);
        this.denial = denial;
    }

    /** The denial that did not move (a page says what happened to it instead). */
    public UUID denial() {
        return denial;
    }
}
