/**
 * The pre-submission scrubber's core (issue 16): {@link org.reclaim.scrub.ClaimRule}s look at one
 * {@link org.reclaim.x12.claim.SubmittedClaim} and report {@link org.reclaim.scrub.Finding}s; a
 * {@link org.reclaim.scrub.Scrubber} runs a set of rules over every claim of an 837 and gives each
 * claim its {@link org.reclaim.scrub.Verdict}. The rules that need nothing but the claim (what a
 * 999 or 277CA would reject) are {@link org.reclaim.scrub.TransactionSetRules}; the service adds
 * the payer's rules, NCCI edits and what the practice's own denials taught. Plain Java, no
 * framework types, no storage.
 */
package org.reclaim.scrub;
