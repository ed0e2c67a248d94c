-- Notes on a denial (issue 15, items 4 and 8): what an operator (or a practice through its key) wrote
-- about it, shown in its timeline. A note is part of the record: the application role may add one but
-- neither change nor delete it (afterMigrate.sql takes UPDATE and DELETE back, as for denial_event).
CREATE TABLE denial_note (
    id           uuid PRIMARY KEY,
    practice_id  uuid NOT NULL,
    denial_id    uuid NOT NULL REFERENCES denial (id),
    -- the caller as the audit trail names it: 'operator:<name>' or 'practice:<slug>'
    author       text NOT NULL,
    text         text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    at           timestamptz NOT NULL
);
CREATE INDEX denial_note_denial ON denial_note (denial_id, at);

SELECT reclaim_enable_tenancy('denial_note');
