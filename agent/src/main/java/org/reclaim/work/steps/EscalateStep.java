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
            String evidence = s.item().context().get("appeal.evidence");
            if (evidence != null && evidence.contains("provider roster")) {
                // the appeal with the enrollment confirmation went and was not paid
                return Mono.just(
                        escalated(
                                s,
                                "provider enrollment (CARC "
                                        + s.item().carc()
                                        + "): the payer did not pay the appeal enclosing the"
                                        + " enrollment confirmation ("
                                        + evidence
                                        + "); ask the payer's provider relations to correct its"
                                        + " enrollment record, citing the confirmation"));
            }
            // what the roster shows, when the appeal step looked
            String roster = s.item().context().get("appeal.unanswered");
            return claims.of(s.item())
                    .map(c -> EnrollmentReason.of(s.item(), c))
                    .defaultIfEmpty(EnrollmentReason.of(s.item(), null))
                    .map(r -> escalated(s, roster == null ? r : r + " (" + roster + ")"));
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
