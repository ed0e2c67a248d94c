/**
 * The orchestrator: work items, their steps (steps/), the durable timers and the artifacts the
 * steps draft.
 */
@ApplicationModule(
        allowedDependencies = {
            "core",
            "denial",
            "ingest",
            "partner",
            "playbook",
            "rules",
            "triage"
        })
package org.reclaim.work;

import org.springframework.modulith.ApplicationModule;
