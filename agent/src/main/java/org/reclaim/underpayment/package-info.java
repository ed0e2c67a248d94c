/** Underpayments: paid lines allowed below the contracted rate, listed by the API. */
@ApplicationModule(allowedDependencies = {"core", "ingest", "rules", "tenancy", "triage"})
package org.reclaim.underpayment;

import org.springframework.modulith.ApplicationModule;
