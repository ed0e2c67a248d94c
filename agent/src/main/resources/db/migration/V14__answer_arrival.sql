-- When a file arrived by the agent's clock (the one submission.sent_at is written with; the demo moves
-- it ahead of the database's): an answer bills only actions sent before its file arrived
-- (docs/billing.md). Files stored before this migration arrived when they were received.
ALTER TABLE x12_file ADD COLUMN arrived_at timestamptz;
UPDATE x12_file SET arrived_at = received_at;
ALTER TABLE x12_file ALTER COLUMN arrived_at SET DEFAULT now(), ALTER COLUMN arrived_at SET NOT NULL;
