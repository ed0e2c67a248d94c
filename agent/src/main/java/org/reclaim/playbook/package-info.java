/** The playbooks: their model, the loader of playbooks/*.yml and the step kinds. */
@ApplicationModule(allowedDependencies = {"rules"})
package org.reclaim.playbook;

import org.springframework.modulith.ApplicationModule;
