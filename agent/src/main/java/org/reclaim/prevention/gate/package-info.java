/**
 * The gate (docs/prevention.md, "Gate"): claims scrubbed before they are sent, held claims, their
 * fixes, releases and drops, and the prevention figures. A named interface so that the SIMULATED
 * demo's second month ({@code demo --months 2}) submits through the gate's own service code.
 */
@NamedInterface("gate")
package org.reclaim.prevention.gate;

import org.springframework.modulith.NamedInterface;
