/** The practices the service works for. */
@ApplicationModule(allowedDependencies = {"core"})
package org.reclaim.practice;

import org.springframework.modulith.ApplicationModule;
