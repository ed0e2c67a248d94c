/**
 * Operators' decisions on what the agent proposes: the review queue, its API and pages, and the
 * operator's actions on a denial.
 */
@ApplicationModule(
        allowedDependencies = {"core", "denial", "playbook", "security", "tenancy", "work"})
package org.reclaim.review;

import org.springframework.modulith.ApplicationModule;
