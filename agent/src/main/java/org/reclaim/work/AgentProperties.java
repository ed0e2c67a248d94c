package org.reclaim.work;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The orchestrator's settings ({@code reclaim.agent.*}).
 *
 * @param enabled run the loop in this instance
 * @param pollInterval how often to look for due work when idle (an answer stored here that woke
 *     waiting items starts a pass at once: {@link AnswerWakes})
 * @param lease how long a claimed item is this instance's, by the database's clock; a running step
 *     renews it every third of it. Once it runs out (the instance died) another instance may run
 *     the step again (nothing is sent twice: side effects carry idempotency keys)
 * @param batch items claimed at once (back-pressure: no more is claimed until they are done)
 * @param concurrency steps running at once in this instance, those waiting on an outside party
 *     included: a waiting step holds neither a database connection nor a thread, so this may be
 *     large (the benchmark runs 10,000)
 * @param perPayer steps running at once for one payer
 * @param escalateDaysBeforeDeadline a denial the agent has not acted on this close to its deadline
 *     goes to a person
 * @param watchAfterPlaybook how long a denial whose playbook ended is watched for the payer's
 *     answer before a person looks
 * @param portalPoll while an appeal filed through a payer's portal waits (AWAIT_RESPONSE), how
 *     often its status is asked of the portal
 * @param maxFailures faults in a row (a step that threw, or whose end could not be recorded) after
 *     which a work item's denial goes to a person with the last fault; until then the item is tried
 *     again a {@code lease} later
 */
@ConfigurationProperties("reclaim.agent")
public record AgentProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("5m") Duration lease,
        @DefaultValue("64") int batch,
        @DefaultValue("12") int concurrency,
        @DefaultValue("4") int perPayer,
        @DefaultValue("3") int escalateDaysBeforeDeadline,
        @DefaultValue("45d") Duration watchAfterPlaybook,
        @DefaultValue("7d") Duration portalPoll,
        @DefaultValue("5") int maxFailures) {

    public AgentProperties {
        if (maxFailures < 1)
            throw new IllegalArgumentException(
                    "reclaim.agent.max-failures must be at least 1, not " + maxFailures);
    }
}
