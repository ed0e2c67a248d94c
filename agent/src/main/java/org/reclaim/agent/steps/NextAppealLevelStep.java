package org.reclaim.agent.steps;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.reclaim.agent.StepExecutor;
import org.reclaim.agent.StepResult;
import org.reclaim.denial.DenialStatus;
import org.reclaim.triage.PayerRules;
import org.reclaim.triage.Playbook;
import org.reclaim.triage.StepKind;
import org.reclaim.triage.service.TriageService;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * NEXT_APPEAL_LEVEL: after the payer upheld the denial, go to the payer's next appeal level when the
 * playbook allows it ({@code maxLevel}) and its window is still open — the window runs from the day
 * the denial was upheld. Otherwise NOT_FOUND, and the playbook goes on (write-off or a person).
 */
@Component
class NextAppealLevelStep implements StepExecutor {

    private final TriageService triage;

    NextAppealLevelStep(TriageService triage) {
        this.triage = triage;
    }

    @Override
    public StepKind kind() {
        return StepKind.NEXT_APPEAL_LEVEL;
    }

    @Override
    public Mono<StepResult> run(Step s) {
        if (s.item().status() != DenialStatus.UPHELD) {
            return Mono.just(StepResult.outcome(Playbook.Outcome.NOT_FOUND, "nothing upheld: no next level to go to"));
        }
        PayerRules payer = triage.current().payer(null, s.item().payerId() == null ? List.of() : List.of(s.item().payerId()));
        int level = s.item().appealLevel();
        Object max = s.step().parameters().get("maxLevel");
        int maxLevel = max == null ? payer.appealLevels().size() : Math.min((Integer) max, payer.appealLevels().size());
        if (level >= maxLevel) {
            return Mono.just(StepResult.outcome(Playbook.Outcome.NOT_FOUND,
                    "no appeal level left (level " + level + " of " + maxLevel + ")"));
        }
        PayerRules.AppealLevel next = payer.appealLevels().get(level);
        LocalDate deadline = LocalDate.ofInstant(s.now(), ZoneOffset.UTC).plusDays(next.days());
        return Mono.just(StepResult.done("to appeal level " + (level + 1) + ": " + next.name())
                .moving(DenialStatus.NEXT_LEVEL, "upheld at level " + level + "; " + next.name() + " due " + deadline)
                .toLevel(level + 1, deadline));
    }
}
