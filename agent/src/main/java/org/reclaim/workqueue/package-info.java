/**
 * The operator's pages over the denials: the worklist and a denial's page with its timeline, drafts
 * and actions.
 */
@ApplicationModule(
        allowedDependencies = {
            "core",
            "core :: web",
            "denial",
            "playbook",
            "remittance",
            "review",
            "rules",
            "security",
            "tenancy",
            "triage",
            "work"
        })
package org.reclaim.workqueue;

import org.springframework.modulith.ApplicationModule;
