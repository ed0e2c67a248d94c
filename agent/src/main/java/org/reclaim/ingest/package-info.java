/**
 * Storing X12 files (835, 837, 999/997, 277CA, 277, 271): copied in one transaction, duplicates
 * recognised; tells its listeners what was stored.
 */
@ApplicationModule(allowedDependencies = {"core", "remittance", "security", "tenancy"})
package org.reclaim.ingest;

import org.springframework.modulith.ApplicationModule;
