/**
 * The denial: its status and lifecycle (every move goes through Lifecycle), its priority, and the
 * read model and API over the denial table.
 */
@ApplicationModule(allowedDependencies = {"core", "remittance", "rules", "security", "tenancy"})
package org.reclaim.denial;

import org.springframework.modulith.ApplicationModule;
