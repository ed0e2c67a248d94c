/**
 * SIMULATED: the demo and the agent benchmark, run against the sandbox parties. Nothing depends on
 * it.
 */
@ApplicationModule(
        allowedDependencies = {
            "core",
            "denial",
            "inbox",
            "ingest",
            "metrics",
            "partner",
            "practice",
            "prevention :: gate",
            "review",
            "sandbox",
            "security",
            "tenancy",
            "triage",
            "underpayment",
            "work"
        })
package org.reclaim.demo;

import org.springframework.modulith.ApplicationModule;
