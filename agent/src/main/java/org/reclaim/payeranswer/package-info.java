/**
 * The payer's answers applied to the work: 835 payments resolve or uphold denials, 999/277CA
 * rejections send the work back.
 */
@ApplicationModule(allowedDependencies = {"core", "denial", "ingest", "playbook", "triage", "work"})
package org.reclaim.payeranswer;

import org.springframework.modulith.ApplicationModule;
