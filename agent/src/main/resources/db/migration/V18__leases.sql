-- Leases, fencing (issue 14, item 5). A work item's lease is real time, read from the database's
-- clock (clock_timestamp()), never an instance's or the agent's business clock (virtual in the demo
-- and tests); a running step renews it. Each claim gives the item a new lease_token: advance, failed
-- and a submission's PENDING -> SENDING compare-and-set check owner, token and expiry, so a step whose
-- lease ran out, was cleared (an operator's RETRY, a rejection sent back) or was taken over writes
-- nothing and sends nothing.
ALTER TABLE work_item ADD COLUMN lease_token bigint NOT NULL DEFAULT 0;

-- Leases written before V18 were on the business clock: at most one lease from now, by the database's.
UPDATE work_item SET lease_until = least(lease_until, clock_timestamp() + interval '5 minutes')
WHERE lease_until IS NOT NULL;

COMMENT ON COLUMN work_item.lease_until IS
    'When the holder''s lease runs out, by the database''s clock (clock_timestamp()); renewed while its step runs';
COMMENT ON COLUMN work_item.lease_token IS
    'The fencing token: incremented by every claim; the holder''s writes check it with lease_owner and lease_until';

-- SENDING: a step holding its lease is calling the partner with the row. One whose holder died is the
-- outbox relay's, as a PENDING one is.
CREATE INDEX submission_sending ON submission (created_at) WHERE status = 'SENDING';
COMMENT ON COLUMN submission.status IS
    'PENDING (written), SENDING (its step, holding its lease, is calling the partner), SENT (taken), REFUSED (refused: refusal_reason)';
