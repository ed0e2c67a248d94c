package org.reclaim.payeranswer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The payer paid a denial (in full or in part) on a later remittance.
 *
 * @param recovered what the denial got back, never more than its amount
 * @param fee the practice's fee per resolved denial at the time
 * @param actedOn whether the payer took (SENT) a corrected claim, appeal or reopening the agent
 *     sent for this denial before the answering file arrived; a pending, refused or inquiry
 *     submission does not count
 */
public record DenialResolved(
        UUID denial,
        UUID practice,
        BigDecimal recovered,
        BigDecimal fee,
        boolean actedOn,
        Instant at) {}
