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
        if (s.item().claimPaymentId() == null) return decide(s, decision);
        // a corrected claim of another line of this claim is with the payer: it readjudicates this
        // line too, so nothing is written off until the payer answered it
        return denials.siblingCorrectionWithPayer(
                        new org.reclaim.denial.DenialId(s.item().denialId()),
                        s.item().claimPaymentId())
                .map(
                        line ->
                                StepResult.waitUntil(
                                        s.now().plus(SIBLING_WAIT),
                                        "the write-off waits: the corrected claim of "
                                                + (line == 0 ? "the claim" : "line " + line)
                                                + " is with the payer, and its answer decides"
                                                + " this line too"))
                .switchIfEmpty(Mono.defer(() -> decide(s, decision)));
    }

    private Mono<StepResult> decide(Step s, String decision) {
        if (decision == null) {
            String why = Reviews.needed(s, Playbook.Review.NEVER);
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
                                        because == null
                                                ? "write-off waits for an operator"
                                                : "write-off proposed: " + because)
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
