package org.reclaim.agent.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.reclaim.agent.StepExecutor;
import org.reclaim.agent.StepResult;
import org.reclaim.denial.DenialStatus;
import org.reclaim.triage.Playbook;
import org.reclaim.triage.StepKind;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * AWAIT_RESPONSE: a durable timer. A payment arriving meanwhile resolves the denial without this
 * step; a payer upholding it wakes the step early with UPHELD; otherwise, when the wait is over, the
 * playbook goes on (to its follow-up).
 */
@Component
class AwaitResponseStep implements StepExecutor {

    static final Duration DEFAULT_WAIT = Duration.ofDays(30);

    @Override
    public StepKind kind() {
        return StepKind.AWAIT_RESPONSE;
    }

    @Override
    public Mono<StepResult> run(Step s) {
        if (s.item().status() == DenialStatus.UPHELD) {
            return Mono.just(StepResult.outcome(Playbook.Outcome.UPHELD, "the payer upheld the denial"));
        }
        String key = "await." + s.item().stepIndex();
        String until = s.item().context().get(key);
        if (until == null) {
            Duration wait = s.step().waitTime() == null ? DEFAULT_WAIT : s.step().waitTime();
            Instant at = s.now().plus(wait);
            StepResult r = StepResult.waitUntil(at, "waiting " + wait.toDays() + " days for the payer")
                    .withContext(Map.of(key, at.toString()));
            return Mono.just(s.item().status() == DenialStatus.SUBMITTED
                    ? r.moving(DenialStatus.AWAITING_PAYER, "submitted; the payer has " + wait.toDays() + " days") : r);
        }
        if (s.now().isBefore(Instant.parse(until))) {
            return Mono.just(StepResult.waitUntil(Instant.parse(until), "still waiting for the payer"));
        }
        return Mono.just(StepResult.outcome(Playbook.Outcome.NO_RESPONSE, "no answer from the payer within the wait")
                .withContext(java.util.Collections.singletonMap(key, null)));
    }
}
