package org.reclaim.work;

import java.time.Instant;
import java.util.Map;
import org.reclaim.denial.DenialStatus;
import org.reclaim.playbook.Playbook;

/**
 * How a step ended. {@code outcome} picks the next step (the step's {@code on} map, else the next
 * one); a step that must wait for the payer, a timer or an operator says so instead and runs again
 * later ({@code rerunAt}) or when the review is decided.
 *
 * @param moveTo   a lifecycle move the step made happen (recorded with {@code reason}), or null
 * @param rerunAt  non-null: the step is not finished; run it again at this time (a durable timer)
 * @param review   non-null: an operator must look; the reason
 * @param detail   one line for the step log (no PHI)
 */
public record StepResult(Playbook.Outcome outcome, Map<String, String> context, DenialStatus moveTo, String reason,
        Instant rerunAt, String review, String detail, int tokensIn, int tokensOut, NextLevel nextLevel) {

    /** The denial goes to another appeal level, due by {@code deadline}. */
    public record NextLevel(int level, java.time.LocalDate deadline) {
    }

    public StepResult {
        context = context == null ? Map.of() : context;
    }

    public static StepResult done(String detail) {
        return new StepResult(Playbook.Outcome.DONE, Map.of(), null, null, null, null, detail, 0, 0, null);
    }

    public static StepResult outcome(Playbook.Outcome outcome, String detail) {
        return new StepResult(outcome, Map.of(), null, null, null, null, detail, 0, 0, null);
    }

    public static StepResult waitUntil(Instant at, String detail) {
        return new StepResult(null, Map.of(), null, null, at, null, detail, 0, 0, null);
    }

    public StepResult withContext(Map<String, String> c) {
        return new StepResult(outcome, c, moveTo, reason, rerunAt, review, detail, tokensIn, tokensOut, nextLevel);
    }

    public StepResult moving(DenialStatus to, String why) {
        return new StepResult(outcome, context, to, why, rerunAt, review, detail, tokensIn, tokensOut, nextLevel);
    }

    public StepResult reviewing(String why) {
        return new StepResult(outcome, context, moveTo, reason, rerunAt, why, detail, tokensIn, tokensOut, nextLevel);
    }

    public StepResult tokens(int in, int out) {
        return new StepResult(outcome, context, moveTo, reason, rerunAt, review, detail, in, out, nextLevel);
    }

    public StepResult toLevel(int level, java.time.LocalDate deadline) {
        return new StepResult(outcome, context, moveTo, reason, rerunAt, review, detail, tokensIn, tokensOut,
                new NextLevel(level, deadline));
    }
}
