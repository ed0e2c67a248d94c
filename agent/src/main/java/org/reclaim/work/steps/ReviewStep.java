package org.reclaim.work.steps;

import org.reclaim.playbook.Playbook;
import org.reclaim.playbook.StepKind;
import org.reclaim.work.StepExecutor;
import org.reclaim.work.StepResult;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** REVIEW: waits for an operator when policy says so; approved → next step, rejected → REJECTED. */
@Component
class ReviewStep implements StepExecutor {

    @Override
    public StepKind kind() {
        return StepKind.REVIEW;
    }

    @Override
    public Mono<StepResult> run(Step s) {
        String decision = Reviews.decision(s);
        if ("APPROVED".equals(decision))
            return Mono.just(StepResult.done("approved by an operator"));
        if ("REJECTED".equals(decision)) {
            return Mono.just(
                    StepResult.outcome(Playbook.Outcome.REJECTED, "rejected by an operator"));
        }
        String why = Reviews.needed(s, Playbook.Review.ALWAYS);
        if (why == null) return Mono.just(StepResult.done("no review needed by policy"));
        // the operator sees what a drafted appeal rests on
        String evidence = s.item().context().get("appeal.evidence");
        if (evidence != null
                && !evidence.isEmpty()
                && "appeal".equals(s.item().context().get("pending.submit")))
            why = why + "; the appeal encloses " + evidence;
        return Mono.just(StepResult.done("waiting for an operator").reviewing(why));
    }
}
