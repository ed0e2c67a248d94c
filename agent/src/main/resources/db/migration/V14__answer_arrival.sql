-- When a file arrived by the agent's clock (the one submission.sent_at is written with; the demo moves
-- it ahead of the database's): an answer bills only actions sent before its file arrived
-- (docs/billing.md). Files stored before this migration arrived when they were received.
ALTER TABLE x12_file ADD COLUMN arrived_at timestamptz;
UPDATE x12_file SET arrived_at = received_at;
ALTER TABLE x12_file ALTER COLUMN arrived_at SET DEFAULT now(), ALTER COLUMN arrived_at SET NOT NULL;

-- Who a 277CA is from (loop 2100A NM1*PR): a rejection answers only a claim the agent sent to that
-- payer (docs/denial.md). Null for a 999/997 and for a 277CA from a clearinghouse (NM1*AY).
ALTER TABLE acknowledgment
    ADD COLUMN payer_id   text,
    ADD COLUMN payer_name text;
