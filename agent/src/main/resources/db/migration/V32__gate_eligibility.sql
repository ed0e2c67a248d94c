-- Eligibility up front in the gate (issue 16; docs/prevention.md "Eligibility up front"): a claim
-- whose member has no 271 on file within 30 days waits HELD while the 270 the gate sent (trace
-- eligibility_trace) is answered; the arriving 271 scrubs it again and sends it when it is clean.
-- AWAITING until then; ACTIVE or INACTIVE as the 271 (on file or answered) said; null when the
-- gate did not look (eligibility up front off for the practice, or no member id on the claim).
ALTER TABLE held_claim ADD COLUMN eligibility text CHECK (eligibility IN ('AWAITING', 'ACTIVE', 'INACTIVE'));
ALTER TABLE held_claim ADD COLUMN eligibility_trace text;
CREATE INDEX held_claim_awaiting ON held_claim (practice_id, eligibility_trace) WHERE eligibility = 'AWAITING';
