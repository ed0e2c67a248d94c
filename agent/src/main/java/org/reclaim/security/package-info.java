/**
 * Who may call: operators and their roles, practice API keys, sign-in, and the target practice of a
 * request.
 */
@ApplicationModule(allowedDependencies = {"core", "practice", "tenancy"})
package org.reclaim.security;

import org.springframework.modulith.ApplicationModule;
