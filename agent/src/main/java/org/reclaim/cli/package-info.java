/**
 * The command line (inspect, generate, benchmark and the dispatcher to the service and the demo):
 * plain Java, never Spring.
 */
@ApplicationModule(
        allowedDependencies = {
            "core",
            "demo",
            "remittance",
            "rules",
            "triage",
            "prevention",
            "scrub"
        })
package org.reclaim.cli;

import org.springframework.modulith.ApplicationModule;
