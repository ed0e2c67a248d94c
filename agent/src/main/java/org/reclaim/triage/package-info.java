/**
 * Triage: the root cause, deadline, priority and playbook of each new denial, the configuration in
 * force and its reloads.
 */
@ApplicationModule(
        allowedDependencies = {
            "core",
            "denial",
            "ingest",
            "playbook",
            "remittance",
            "rules",
            "tenancy"
        })
package org.reclaim.triage;

import org.springframework.modulith.ApplicationModule;
