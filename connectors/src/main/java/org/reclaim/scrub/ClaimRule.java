package org.reclaim.scrub;

import java.time.LocalDate;
import java.util.List;
import org.reclaim.x12.claim.SubmittedClaim;

/**
 * A rule the scrubber runs on every claim. Implementations are stateless once built (their data —
 * payer rules, NCCI rows, learned patterns — is given at construction) and safe to share between
 * threads.
 */
public interface ClaimRule {

    /**
     * The findings on one claim.
     *
     * @param today the day the claim is scrubbed on (dates in the future, filing windows)
     */
    List<Finding> check(SubmittedClaim claim, LocalDate today);
}
