/**
 * What every module shares and that knows no feature: ids, the service clock, paging, problem
 * responses, settings.
 */
@ApplicationModule(allowedDependencies = {})
package org.reclaim.core;

import org.springframework.modulith.ApplicationModule;
