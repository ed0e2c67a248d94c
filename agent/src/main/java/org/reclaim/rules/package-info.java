/**
 * The rules an operator edits: the code catalog, the payer directory, the fee schedule, and the
 * YAML and CSV readers with their file-and-line errors.
 */
@ApplicationModule(allowedDependencies = {"core"})
package org.reclaim.rules;

import org.springframework.modulith.ApplicationModule;
