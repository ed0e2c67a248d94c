-- The worklist as a workqueue (issue 15, items 3 and 4).
-- Who works a denial now: an operator's user name (operator.username), set and cleared through
-- PUT /api/v1/denials/{id}/assignee; the denial row keeps its practice's row-level security.
ALTER TABLE denial ADD COLUMN assignee text CHECK (assignee ~ '^[A-Za-z0-9._@-]{1,64}$');
ALTER TABLE denial ADD COLUMN assigned_at timestamptz;
CREATE INDEX denial_assignee ON denial (assignee) WHERE assignee IS NOT NULL;

-- An operator's saved worklist filters: a name and the query string it stands for. A view belongs to
-- its operator, not to a practice (it holds no practice's data: applying it reads through the same
-- practice-scoped queries as any other filter), so every query names the operator.
CREATE TABLE saved_view (
    id           uuid PRIMARY KEY,
    operator_id  uuid NOT NULL REFERENCES operator (id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    query        text NOT NULL CHECK (length(query) <= 2000),
    created_at   timestamptz NOT NULL,
    UNIQUE (operator_id, name)
);
