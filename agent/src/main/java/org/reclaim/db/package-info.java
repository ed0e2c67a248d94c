/**
 * The database the service runs on: the embedded PostgreSQL by default, or an external server by
 * URL.
 */
@ApplicationModule(allowedDependencies = {})
package org.reclaim.db;

import org.springframework.modulith.ApplicationModule;
