package org.reclaim.work;

import java.time.Instant;
import org.reclaim.playbook.Playbook;
import org.reclaim.playbook.StepKind;
import reactor.core.publisher.Mono;

/**
 * One kind of playbook step. Side effects carry an idempotency key derived from the denial and the
 * step, so a step run again after a crash repeats nothing it already did.
 */
public interface StepExecutor {

    StepKind kind();

    Mono<StepResult> run(Step step);

    /** A step about to run: the work item, the playbook step with its parameters, and now. */
    record Step(WorkItem item, Playbook playbook, Playbook.Step step, Instant now) {

        /**
         * An idempotency key for a side effect of this step at this appeal level: by the step's id,
         * so a reload that moves the step does not change it. An item started before steps had ids
         * keeps its keys by position (its pinned version does not change, so the position is still
         * the step's).
         */
        public String key(String what) {
            String stepKey = item.keysByIndex() ? String.valueOf(item.stepIndex()) : step.id();
            return item.denialId() + ":" + stepKey + ":" + item.appealLevel() + ":" + what;
        }
    }
}
