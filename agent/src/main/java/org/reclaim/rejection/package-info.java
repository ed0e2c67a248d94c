/**
 * Rejections of the practice's own claims (999/997, 277CA) as their own work type, with their API
 * and page.
 */
@ApplicationModule(allowedDependencies = {"core", "security", "tenancy"})
package org.reclaim.rejection;

import org.springframework.modulith.ApplicationModule;
