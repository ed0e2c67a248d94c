-- The gate (issue 16, item 3; docs/prevention.md "Gate"): every claim that comes through
-- POST /api/v1/claims/submit or the outgoing/<slug>/ folder is kept here, once per practice and
-- claim content (claim_key: a hash of the practice, the patient control number and the parsed
-- claim). A CLEAN claim is RELEASED by the gate itself and SENT as soon as the clearinghouse takes
-- it; a HOLD claim (or a WARN one under the hold policy) waits HELD until an operator fixes,
-- releases or drops it. Releasing moves HELD -> RELEASED by compare-and-set, so only one caller
-- sends; the send goes through the submission outbox with the key 'gate:<id>'.
CREATE TABLE held_claim (
    id                      uuid PRIMARY KEY,
    practice_id             uuid NOT NULL REFERENCES practice (id),
    claim_key               text NOT NULL,
    patient_control_number  text NOT NULL,
    payer_id                text,
    payer_name              text,
    charge                  numeric(19, 2),
    -- the claim as it stands (ClaimDocument.toText(), JSON), fixes applied
    document                text NOT NULL,
    verdict                 text NOT NULL CHECK (verdict IN ('CLEAN', 'WARN', 'HOLD')),
    findings                jsonb NOT NULL,
    status                  text NOT NULL CHECK (status IN ('HELD', 'RELEASED', 'DROPPED', 'SENT')),
    -- 'api' or 'outgoing:<file name>'
    source                  text NOT NULL,
    received_at             timestamptz NOT NULL,
    -- every fix applied: [{"at", "by", "field", "from", "to"}] (member ids are not repeated here)
    fixes                   jsonb NOT NULL DEFAULT '[]',
    -- the release or drop: who ('gate' for a claim sent at once), when, why
    decided_by              text,
    decided_at              timestamptz,
    reason                  text,
    sent_at                 timestamptz,
    receipt                 text,
    -- the clearinghouse's refusal of the last send, if it refused (the claim is HELD again)
    refusal                 text,
    UNIQUE (practice_id, claim_key)
);
CREATE INDEX held_claim_status ON held_claim (practice_id, status, received_at);

SELECT reclaim_enable_tenancy('held_claim');

-- a claim the gate sends belongs to no denial
ALTER TABLE submission ALTER COLUMN denial_id DROP NOT NULL;

-- the 837s the gate sent are stored as claims on file, like an upload
ALTER TABLE x12_file DROP CONSTRAINT x12_file_source_check;
ALTER TABLE x12_file ADD CONSTRAINT x12_file_source_check CHECK (source IN ('upload', 'inbox', 'gate'));
