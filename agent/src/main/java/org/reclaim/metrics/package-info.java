/** The six metrics by payer and cause, the dashboard and the Prometheus gauges. */
@ApplicationModule(allowedDependencies = {"core", "denial", "rules"})
package org.reclaim.metrics;

import org.springframework.modulith.ApplicationModule;
