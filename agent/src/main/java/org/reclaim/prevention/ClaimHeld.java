package org.reclaim.prevention;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The gate held a claim before sending it (docs/prevention.md, "Gate").
 *
 * @param heldClaim the held claim's id ({@code GET /api/v1/claims/held/{id}})
 * @param verdict the scrub's verdict: HOLD, or WARN under the practice's hold policy
 * @param findings the codes of the scrub's findings (rule ids such as {@code timely-filing})
 * @param awaitingEligibility whether it waits for the payer's 271 before it can be sent
 */
public record ClaimHeld(
        UUID heldClaim,
        UUID practice,
        String payerId,
        BigDecimal charge,
        String verdict,
        List<String> findings,
        boolean awaitingEligibility,
        Instant at) {}
