/** Billing per resolved denial: the billable events, monthly invoices, their API, pages and CSV. */
@ApplicationModule(allowedDependencies = {"core", "payeranswer", "tenancy"})
package org.reclaim.billing;

import org.springframework.modulith.ApplicationModule;
