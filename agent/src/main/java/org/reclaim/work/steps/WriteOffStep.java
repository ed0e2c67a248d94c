package org.reclaim.work.steps;

import org.reclaim.denial.DenialStatus;
import org.reclaim.playbook.Playbook;
import org.reclaim.playbook.StepKind;
import org.reclaim.work.StepExecutor;
import org.reclaim.work.StepResult;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * WRITE_OFF: closes the denial as not recoverable, after an operator's approval when policy asks.
 */
@Component
class WriteOffStep implements StepExecutor {

    /** How often a write-off waiting on a sibling line's corrected claim looks again. */
    static final java.time.Duration SIBLING_WAIT = java.time.Duration.ofDays(7);

    /**
     * How soon a write-off looks again at a sibling line's corrected claim that is drafted but
     * neither sent nor held in review yet (the steps between run at once).
     */
    static final java.time.Duration SIBLING_DRAFT_WAIT = java.time.Duration.ofMinutes(1);

    private final org.reclaim.denial.Denials denials;

    WriteOffStep(org.reclaim.denial.Denials denials) {
        this.denials = denials;
    }

    @Override
    public StepKind kind() {
        return StepKind.WRITE_OFF;
    }

    @Override
    public Mono<StepResult> run(Step s) {
        String decision = Reviews.decision(s);
        if ("REJECTED".equals(decision)) {
            return Mono.just(
                    StepResult.outcome(
                            Playbook.Outcome.REJECTED,
                            "the write-off was rejected by an operator"));
        }
        if (s.item().claimPaymentId() == null) return decide(s, decision, null);
        // a corrected claim of another line of this claim is with the payer: it readjudicates this
        // line too, so nothing is written off until the payer answered it
        return denials.siblingCorrectionWithPayer(
                        new org.reclaim.denial.DenialId(s.item().denialId()),
                        s.item().claimPaymentId())
                .flatMap(
                        sibling -> {
                            String of =
                                    "the corrected claim of "
                                            + (sibling.line() == 0
                                                    ? "the claim"
                                                    : "line " + sibling.line());
                            if (sibling.state()
                                    == org.reclaim.denial.Denials.SiblingCorrection.State.DRAFTED)
                                // a moment between its drafting and its send or review: looked
                                // at again soon, not in a week
                                return Mono.just(
                                        StepResult.waitUntil(
                                                s.now().plus(SIBLING_DRAFT_WAIT),
                                                "the write-off waits: "
                                                        + of
                                                        + " is drafted, not yet sent or in review;"
                                                        + " looking again in a minute"));
                            if (sibling.state()
                                    == org.reclaim.denial.Denials.SiblingCorrection.State.SENT)
                                return Mono.just(
                                        StepResult.waitUntil(
                                                s.now().plus(SIBLING_WAIT),
                                                "the write-off waits: "
                                                        + of
                                                        + " is with the payer, and its answer"
                                                        + " decides this line too"));
                            // drafted but held for an operator: nothing is with the payer, and
                            // the person who decides that draft decides this line's fate too. A
                            // write-off that needs a person's review goes to review now, naming
                            // the draft; one already decided waits, saying for whom
                            String held =
                                    of
                                            + " waits for an operator's review: approved, it"
                                            + " replaces the whole claim and the payer's answer"
                                            + " decides this line too (this write-off is carried"
                                            + " out only after that answer); rejected, the"
                                            + " write-off goes on";
                            if (decision == null
                                    && Reviews.needed(s, Playbook.Review.NEVER) != null)
                                return decide(s, null, held);
                            return Mono.just(
                                    StepResult.waitUntil(
                                            s.now().plus(SIBLING_WAIT),
                                            "the write-off waits for a person: " + held));
                        })
                .switchIfEmpty(Mono.defer(() -> decide(s, decision, null)));
    }

    /**
     * Writes off, or proposes the write-off for review when policy asks; {@code sibling} (or null)
     * names another line's corrected claim held in review, for the reviewer.
     */
    private Mono<StepResult> decide(Step s, String decision, String sibling) {
        if (decision == null) {
            String why = Reviews.needed(s, Playbook.Review.NEVER);
            if (why != null && sibling != null) why = why + "; " + sibling;
            // the reason it is proposed, when a step said (no appeal without an enclosure that
            // answers the denial, e.g. no proof of timely filing; no correction without a change
            // the records support)
            String because = s.item().context().get("appeal.unanswered");
            // or a correction found nothing on file to change
            if (because == null) because = s.item().context().get("write-off.reason");
            if (why != null && because != null) why = "proposed write-off, " + because + "; " + why;
            if (why != null)
                return Mono.just(
                        StepResult.done(
                                        (because == null
                                                        ? "write-off waits for an operator"
                                                        : "write-off proposed: " + because)
                                                + (sibling == null ? "" : "; " + sibling))
                                .reviewing(why));
        }
        // an earlier step may have said why (a true duplicate of the paid claim)
        String why = s.item().context().get("write-off.reason");
        return Mono.just(
                StepResult.done("written off" + (why == null ? "" : ": " + why))
                        .moving(
                                DenialStatus.WRITTEN_OFF,
                                "playbook "
                                        + s.playbook().id()
                                        + ": not recoverable"
                                        + (why == null ? "" : " (" + why + ")")));
    }
}
