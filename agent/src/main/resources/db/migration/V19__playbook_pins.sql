-- A work item keeps the playbook version it started with (issue 14, item 3): a reload that inserts,
-- removes or reorders steps does not move an item already under way onto other steps, and a step's
-- idempotency keys and what it keeps in the work context are by the step's id, not its position.
--
-- Every version a work item may use, by the SHA-256 of the playbook file's text (line ends
-- normalized), with that text, so a restart after the file changed still finds it. Content-addressed
-- and never changed: the same text is the same version.
CREATE TABLE playbook_version (
    version    text PRIMARY KEY,
    playbook   text NOT NULL,
    file       text NOT NULL,
    source     text NOT NULL,
    first_seen timestamptz NOT NULL
);

-- NULL: an item started before this migration, pinned to the version loaded when it next runs.
-- step_keys 'index': such an item keeps the keys it started with (step positions) for its
-- idempotency keys, so a submission it made before the upgrade is recognized; its pinned version
-- never changes, so the positions stay true. Items created from now on use 'id'.
ALTER TABLE work_item
    ADD COLUMN playbook_version text REFERENCES playbook_version (version),
    ADD COLUMN step_keys text NOT NULL DEFAULT 'index' CHECK (step_keys IN ('index', 'id'));
ALTER TABLE work_item ALTER COLUMN step_keys SET DEFAULT 'id';

-- The step a review is of, by id (NULL for reviews opened before: their step by index).
ALTER TABLE review ADD COLUMN step_id text;
