-- A partner's refusal of a submission is an answer, kept as data: the clearinghouse rejected the file,
-- the payer's portal refused the appeal. The row's status is then REFUSED, with the partner's reason
-- and when it answered; a submission taken after a refusal (a person fixed what was refused and the
-- step ran again) is SENT and keeps the refusal it had.
ALTER TABLE submission
    ADD COLUMN refusal_reason text,
    ADD COLUMN refused_at     timestamptz;
CREATE INDEX submission_refused ON submission (denial_id) WHERE refused_at IS NOT NULL;

COMMENT ON COLUMN submission.status IS 'PENDING (written, not yet answered), SENT (taken), REFUSED (refused: refusal_reason)';
COMMENT ON COLUMN work_item.context IS
    'What earlier steps found and did: org.reclaim.work.WorkContext as JSON; rows written before V13 hold key=value lines, which still load and are rewritten as JSON by the next step';
