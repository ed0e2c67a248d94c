-- A stored file's answers (835 payments, 999/277CA rejections) are applied to the agent's denials after
-- the file is committed, in transactions of their own. Until that has been done for the whole file,
-- answered_at stays null: a failure or a crash in between leaves the file to be applied again
-- (IngestService.applyPendingAnswers) instead of losing the payer's answer.
--
-- answering_until is the lease of whoever applies them; once it lapses, any instance takes the file over.
-- Only ingestion writes a null answered_at: rows from before this migration, and any row written by
-- other means, count as answered.
ALTER TABLE x12_file
    ADD COLUMN answered_at     timestamptz DEFAULT now(),
    ADD COLUMN answering_until timestamptz;
CREATE INDEX x12_file_unanswered ON x12_file (received_at) WHERE answered_at IS NULL;
