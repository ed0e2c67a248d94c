/**
 * The drop folders: files a practice (or its clearinghouse connector) leaves in its inbox are
 * ingested and moved aside.
 */
@ApplicationModule(allowedDependencies = {"core", "ingest", "practice", "triage"})
package org.reclaim.inbox;

import org.springframework.modulith.ApplicationModule;
