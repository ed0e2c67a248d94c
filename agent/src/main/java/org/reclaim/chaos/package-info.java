/**
 * SIMULATED: the chaos suite ({@code reclaim chaos ...}, docs/cli.md). The harness runs the service
 * as child JVMs of the same jar against the sandbox payer, kills them, and checks from what the
 * parties durably received that nothing was sent twice, lost or billed wrongly. In the service it
 * only adds {@link ChaosClock}, under the {@code chaos} profile. Nothing depends on it.
 */
@ApplicationModule(allowedDependencies = {"core", "practice", "sandbox"})
package org.reclaim.chaos;

import org.springframework.modulith.ApplicationModule;
