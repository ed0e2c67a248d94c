/**
 * SIMULATED payer and portal, for the demo and the tests only. Nothing but the demo depends on it.
 */
@ApplicationModule(allowedDependencies = {"remittance"})
package org.reclaim.sandbox;

import org.springframework.modulith.ApplicationModule;
