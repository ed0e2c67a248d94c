/**
 * What a denial is, read from a remittance: identification, workability, reversal pairing. Plain
 * Java.
 */
@ApplicationModule(allowedDependencies = {"core", "tenancy"})
package org.reclaim.remittance;

import org.springframework.modulith.ApplicationModule;
