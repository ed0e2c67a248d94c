package org.reclaim.work.steps;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.reclaim.denial.DenialId;
import org.reclaim.denial.DenialStatus;
import org.reclaim.denial.Denials;
import org.reclaim.playbook.Playbook;
import org.reclaim.playbook.StepKind;
import org.reclaim.rules.PayerRules;
import org.reclaim.triage.TriageService;
import org.reclaim.work.StepExecutor;
import org.reclaim.work.StepResult;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * NEXT_APPEAL_LEVEL: after the payer upheld the denial, go to the payer's next appeal level when
 * the playbook allows it ({@code maxLevel}) and its window is still open — the window runs from the
 * day the denial was upheld. Otherwise NOT_FOUND, and the playbook goes on (write-off or a person).
 *
 * <p>The day it was upheld is the payment date of the remittance that said so (its decision), not
 * the day the file reached us or the step ran: a window counted from a later day would be
 * optimistic, and a deadline must never be. When no remittance upheld it (a portal's answer), it is
 * today.
 */
@Component
class NextAppealLevelStep implements StepExecutor {

    private final TriageService triage;
    private final Denials denials;

    NextAppealLevelStep(TriageService triage, Denials denials) {
        this.triage = triage;
        this.denials = denials;
    }

    @Override
    public StepKind kind() {
        return StepKind.NEXT_APPEAL_LEVEL;
    }

    @Override
    public Mono<StepResult> run(Step s) {
        if (s.item().status() != DenialStatus.UPHELD) {
            return Mono.just(
                    StepResult.outcome(
                            Playbook.Outcome.NOT_FOUND, "nothing upheld: no next level to go to"));
        }
        PayerRules payer = triage.current().payer(null, s.item().payerIds());
        int level = s.item().appealLevel();
        Object max = s.step().parameters().get("maxLevel");
        int maxLevel =
                max == null
                        ? payer.appealLevels().size()
                        : Math.min((Integer) max, payer.appealLevels().size());
        if (level >= maxLevel) {
            return Mono.just(
                    StepResult.outcome(
                            Playbook.Outcome.NOT_FOUND,
                            "no appeal level left (level " + level + " of " + maxLevel + ")"));
        }
        PayerRules.AppealLevel next = payer.appealLevels().get(level);
        LocalDate today = LocalDate.ofInstant(s.now(), ZoneOffset.UTC);
        return upheldOn(s.item().denialId())
                .filter(d -> d.isBefore(today))
                .defaultIfEmpty(today)
                .map(
                        upheld -> {
                            LocalDate deadline = upheld.plusDays(next.days());
                            return StepResult.done(
                                            "to appeal level " + (level + 1) + ": " + next.name())
                                    .moving(
                                            DenialStatus.NEXT_LEVEL,
                                            "upheld at level "
                                                    + level
                                                    + " on "
                                                    + upheld
                                                    + "; "
                                                    + next.name()
                                                    + " due "
                                                    + deadline)
                                    .toLevel(level + 1, deadline);
                        });
    }

    /** The payment date of the remittance whose claim payment upheld the denial, if one did. */
    private Mono<LocalDate> upheldOn(UUID denial) {
        return denials.answeredOn(DenialId.of(denial));
    }
}
