package org.reclaim.work.steps;

import java.math.BigDecimal;
import org.reclaim.playbook.Playbook;
import org.reclaim.work.StepExecutor;

/**
 * Review policy: what the playbook step says ({@code review}, {@code reviewAbove}), and whether an
 * earlier draft failed validation. A decision is kept in the work context as {@code review.<step
 * index>} = {@code APPROVED} or {@code REJECTED}.
 */
final class Reviews {

    private Reviews() {}

    static String decision(StepExecutor.Step s) {
        return s.item().context().get("review." + s.step().id());
    }

    /** The reason a person must look, or null when policy lets the agent go on. */
    static String needed(StepExecutor.Step s, Playbook.Review defaultPolicy) {
        Object p = s.step().parameters().get("review");
        Playbook.Review policy = p == null ? defaultPolicy : (Playbook.Review) p;
        if ("true".equals(s.item().context().get("draft.needsReview"))) {
            // the drafter's reasons; a drafter that gave none is named as such, never an empty
            // reason after a colon
            String errors = s.item().context().get("draft.errors");
            return errors == null || errors.isBlank()
                    ? "the drafter marked the draft for review without saying why: read the draft"
                    : "the draft needs a person's check: " + errors.strip();
        }
        return switch (policy) {
            case ALWAYS -> "the playbook asks for a review at " + s.step().kind();
            case NEVER -> null;
            case ABOVE_AMOUNT -> {
                BigDecimal above = (BigDecimal) s.step().parameters().get("reviewAbove");
                yield s.item().amount().compareTo(above) > 0
                        ? "the amount "
                                + s.item().amount()
                                + " is above the review threshold "
                                + above
                        : null;
            }
        };
    }
}
