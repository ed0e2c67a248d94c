-- The bytes of a file submission (an 837 rebill, a 276 or 270 inquiry) are built once, kept with their
-- idempotency key, and sent again exactly as they were when the step runs again after a crash or the
-- outbox relay resends a PENDING row: the same key never goes out with different content.
ALTER TABLE submission ADD COLUMN payload bytea;
CREATE INDEX submission_pending ON submission (created_at) WHERE status = 'PENDING';

COMMENT ON COLUMN submission.payload IS
    'The bytes sent under the key (files built by the agent: rebills, inquiries); null for sends of a stored artifact (artifact_id) and rows written before V16';

-- The outbox relay (org.reclaim.partner.Submissions#relay) takes up PENDING rows older than the lease and
-- sends the kept bytes again; relayed_at keeps it to once a lease for a row whose partner keeps failing.
ALTER TABLE submission ADD COLUMN relayed_at timestamptz;
