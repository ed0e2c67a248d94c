/**
 * The outside parties: connector settings and their secrets, trading partners, the clearinghouse
 * poller, the submissions outbox and the guarded remote calls.
 */
@ApplicationModule(allowedDependencies = {"core", "security"})
package org.reclaim.partner;

import org.springframework.modulith.ApplicationModule;
