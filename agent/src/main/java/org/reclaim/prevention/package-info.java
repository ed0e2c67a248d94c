/**
 * Prevention (issue 16): the pre-submission scrubber as the service runs it for one practice — the
 * transaction-set rules of {@code org.reclaim.scrub} plus every {@link
 * org.reclaim.prevention.RuleSource} (payer rules, NCCI files, rules learned from the practice's
 * own denials), the scrub API, and the gate that holds claims before they are sent.
 */
@ApplicationModule(
        allowedDependencies = {
            "core",
            "rules",
            "practice",
            "tenancy",
            "security",
            "scrub",
            "triage",
            "ingest",
            "partner",
            "inbox",
            "metrics"
        })
package org.reclaim.prevention;

import org.springframework.modulith.ApplicationModule;
