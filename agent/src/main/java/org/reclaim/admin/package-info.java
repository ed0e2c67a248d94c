/**
 * The administrator's pages: practices, their API keys and fees, operators, and each practice's
 * connector settings.
 */
@ApplicationModule(allowedDependencies = {"core", "partner", "practice", "security"})
package org.reclaim.admin;

import org.springframework.modulith.ApplicationModule;
