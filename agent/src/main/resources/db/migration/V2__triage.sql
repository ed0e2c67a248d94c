-- Triage (issue 3): every denial gets a category, a root cause, a deadline, a priority and exactly one
-- playbook, with the reason it was chosen. Columns stay null until the denial is triaged (right after
-- its file is stored, or at start-up for any left over), so a crash in between loses nothing.
ALTER TABLE denial
    ADD COLUMN category           text,
    ADD COLUMN category_basis     text,
    ADD COLUMN root_cause         text,
    ADD COLUMN appealable         boolean,
    ADD COLUMN next_action        text,
    ADD COLUMN deadline           date,
    ADD COLUMN deadline_basis     text,
    -- amount × the category's recovery prior; the priority is computed from it and the deadline at read time
    ADD COLUMN expected_recovery  numeric(19, 2),
    ADD COLUMN playbook           text,
    ADD COLUMN playbook_reason    text,
    ADD COLUMN payer_type         text,
    ADD COLUMN payer_configured   boolean,
    ADD COLUMN triage_warnings    text[],
    ADD COLUMN triaged_at         timestamptz;

CREATE INDEX denial_untriaged ON denial (id) WHERE triaged_at IS NULL;
CREATE INDEX denial_worklist ON denial (practice_id, deadline) WHERE status IN ('NEW', 'TRIAGED');
