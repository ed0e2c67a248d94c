package org.reclaim.work.steps;

import org.reclaim.denial.DenialStatus;
import org.reclaim.playbook.StepKind;
import org.reclaim.work.StepExecutor;
import org.reclaim.work.StepResult;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * ESCALATE: hands the denial to a person, with what they must do (the reason an earlier step gave;
 * for a provider enrollment denial, which provider to enroll with which payer, from the claim on
 * file); the agent stops working it until an operator acts.
 */
@Component
class EscalateStep implements StepExecutor {

    private final org.reclaim.work.ClaimOnFile claims;

    EscalateStep(org.reclaim.work.ClaimOnFile claims) {
        this.claims = claims;
    }

    @Override
    public StepKind kind() {
        return StepKind.ESCALATE;
    }

    @Override
    public Mono<StepResult> run(Step s) {
        String why = s.item().context().get("escalate.reason");
        if (why == null && "PROVIDER_ENROLLMENT".equals(s.item().category())) {
            return claims.of(s.item())
                    .map(c -> EnrollmentReason.of(s.item(), c))
                    .defaultIfEmpty(EnrollmentReason.of(s.item(), null))
                    .map(r -> escalated(s, r));
        }
        return Mono.just(escalated(s, why));
    }

    private static StepResult escalated(Step s, String why) {
        return StepResult.done("escalated")
                .moving(
                        DenialStatus.ESCALATED,
                        why != null ? why : "playbook " + s.playbook().id() + " asks for a person");
    }
}
