package org.reclaim.prevention.gate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A claim the gate took (docs/prevention.md, "Gate"), as the API shows it: the scrub's verdict and
 * findings as they stand (after any fix), the fixes applied, and what became of it.
 *
 * @param status HELD, RELEASED (on its way to the clearinghouse), SENT or DROPPED
 * @param fields the claim's fields in the review vocabulary ({@code priorAuthorization}, {@code
 *     line[1].procedure}, …): what a fix may edit
 */
public record HeldClaim(
        UUID id,
        String practice,
        String patientControlNumber,
        String payerId,
        String payerName,
        BigDecimal charge,
        String verdict,
        List<Map<String, Object>> findings,
        List<Map<String, Object>> fixes,
        String status,
        String source,
        Instant receivedAt,
        String decidedBy,
        Instant decidedAt,
        String reason,
        String refusal,
        Instant sentAt,
        String receipt,
        Map<String, String> fields) {}
