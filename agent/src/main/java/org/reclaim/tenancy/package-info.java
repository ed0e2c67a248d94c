/** Row-level isolation of practices: every query runs scoped to the caller's practices. */
@ApplicationModule(allowedDependencies = {})
package org.reclaim.tenancy;

import org.springframework.modulith.ApplicationModule;
