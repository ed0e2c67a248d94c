/**
 * Webhooks (issue 18, docs/webhooks.md): the endpoints a practice registers, the outbox its events
 * are written to in their own transactions, and the relay that delivers them signed, with backoff,
 * in order per denial.
 */
@ApplicationModule(
        allowedDependencies = {
            "core",
            "denial",
            "payeranswer",
            "prevention",
            "billing",
            "partner",
            "security",
            "tenancy"
        })
package org.reclaim.webhook;

import org.springframework.modulith.ApplicationModule;
