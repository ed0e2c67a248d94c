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
 * @param moveTo a lifecycle move the step made happen (recorded with {@code reason}), or null
 * @param rerunAt non-null: the step is not finished; run it again at this time (a durable timer)
 * @param review non-null: an operator must look; the reason
 * @param detail one line for the step log (no PHI)
 * @param refusal non-null: a partner refused what the step sent (see {@link #refused})
 */
public record StepResult(
        Playbook.Outcome outcome,
        Map<String, String> context,
        DenialStatus moveTo,
        String reason,
        Instant rerunAt,
        String review,
        String detail,
        int tokensIn,
        int tokensOut,
        NextLevel nextLevel,
        Refusal refusal) {

    /** The denial goes to another appeal level, due by {@code deadline}. */
    public record NextLevel(int level, java.time.LocalDate deadline) {}

    /**
     * A partner's answer that it will not take what the step sent: the clearinghouse rejected the
     * file, the payer's portal refused the appeal. An answer about the business, not a fault of the
     * call, so sending it again as it is will not help: a person must act on the partner's reason.
     *
     * @param partner who refused
     * @param what what it refused, as a person calls it ("corrected claim", "appeal")
     * @param reason the partner's reason, as it gave it
     */
    public record Refusal(Partner partner, String what, String reason) {

        /** "the clearinghouse refused the corrected claim: {reason}" */
        public String sentence() {
            return partner.said() + " refused the " + what + ": " + reason;
        }
    }

    /** A party the steps send to that may refuse. */
    public enum Partner {
        CLEARINGHOUSE("the clearinghouse"),
        PAYER_PORTAL("the payer's portal"),
        /** whichever partner the step called (the step's connector names it in the reason) */
        PARTNER("the partner");

        private final String said;

        Partner(String said) {
            this.said = said;
        }

        public String said() {
            return said;
        }
    }

    public StepResult {
        context = context == null ? Map.of() : context;
    }

    /**
     * The partner refused what the step sent: the step failed, and the denial goes to a person with
     * the partner's reason (escalated); it is not tried again as a fault would be.
     */
    public static StepResult refused(Partner partner, String what, String reason) {
        Refusal r =
                new Refusal(
                        partner,
                        what,
                        reason == null || reason.isBlank() ? "no reason given" : reason.strip());
        return new StepResult(
                Playbook.Outcome.FAILED,
                Map.of(),
                DenialStatus.ESCALATED,
                r.sentence(),
                null,
                null,
                r.sentence(),
                0,
                0,
                null,
                r);
    }

    public static StepResult done(String detail) {
        return new StepResult(
                Playbook.Outcome.DONE, Map.of(), null, null, null, null, detail, 0, 0, null, null);
    }

    public static StepResult outcome(Playbook.Outcome outcome, String detail) {
        return new StepResult(outcome, Map.of(), null, null, null, null, detail, 0, 0, null, null);
    }

    public static StepResult waitUntil(Instant at, String detail) {
        return new StepResult(null, Map.of(), null, null, at, null, detail, 0, 0, null, null);
    }

    public StepResult withContext(Map<String, String> c) {
        return new StepResult(
                outcome, c, moveTo, reason, rerunAt, review, detail, tokensIn, tokensOut, nextLevel,
                refusal);
    }

    /**
     * This result as {@code outcome} for the playbook's branch of that name: no move of the denial
     * (a refusal's escalation dropped); the detail and the refusal are kept for the step's log.
     */
    public StepResult branching(Playbook.Outcome to) {
        return new StepResult(
                to, context, null, null, rerunAt, review, detail, tokensIn, tokensOut, nextLevel,
                refusal);
    }

    public StepResult moving(DenialStatus to, String why) {
        return new StepResult(
                outcome, context, to, why, rerunAt, review, detail, tokensIn, tokensOut, nextLevel,
                refusal);
    }

    public StepResult reviewing(String why) {
        return new StepResult(
                outcome, context, moveTo, reason, rerunAt, why, detail, tokensIn, tokensOut,
                nextLevel, refusal);
    }

    public StepResult tokens(int in, int out) {
        return new StepResult(
                outcome, context, moveTo, reason, rerunAt, review, detail, in, out, nextLevel,
                refusal);
    }

    public StepResult toLevel(int level, java.time.LocalDate deadline) {
        return new StepResult(
                outcome,
                context,
                moveTo,
                reason,
                rerunAt,
                review,
                detail,
                tokensIn,
                tokensOut,
                new NextLevel(level, deadline),
                refusal);
    }
}
