package org.reclaim.work.steps;

import org.reclaim.denial.DenialStatus;
import org.reclaim.playbook.StepKind;
import org.reclaim.work.StepExecutor;
import org.reclaim.work.StepResult;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** ESCALATE: hands the denial to a person; the agent stops working it until an operator acts. */
@Component
class EscalateStep implements StepExecutor {

    @Override
    public StepKind kind() {
        return StepKind.ESCALATE;
    }

    @Override
    public Mono<StepResult> run(Step s) {
        String why = s.item().context().get("escalate.reason");
        return Mono.just(
                StepResult.done("escalated")
                        .moving(
                                DenialStatus.ESCALATED,
                                why != null
                                        ? why
                                        : "playbook " + s.playbook().id() + " asks for a person"));
    }
}
