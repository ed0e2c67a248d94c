-- Tenancy and operators: practice API keys, operator accounts, and row-level security on every table
-- that carries a practice.
--
-- Visibility is one setting per database session, reclaim.practices: '*' (every practice: the
-- agent, ingestion from the drop folders, an unrestricted operator) or a comma-separated list of
-- practice ids (a practice key: its own practice; an operator limited to some practices). The
-- service sets it on every connection it takes from the pool, from the request's principal; unset or
-- empty means nothing is visible. Tables are FORCE ROW LEVEL SECURITY, so the schema owner is
-- filtered as well: a query that forgets its practice filter still returns only visible rows.

CREATE FUNCTION reclaim_practice_visible(p uuid) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(current_setting('reclaim.practices', true), '') = '*'
        OR p = ANY (string_to_array(nullif(nullif(current_setting('reclaim.practices', true), ''), '*'), ',')::uuid[])
$$;

-- The visible practices as an array: every practice for '*'. The tenant tables' policy compares
-- practice_id with it through an uncorrelated sub-select, which PostgreSQL evaluates once per query
-- (an InitPlan), and which the planner estimates like any "= ANY(array)" on the column: about one
-- practice's share of the rows. (An OR with a test of the setting, as in reclaim_practice_visible,
-- is estimated at under 1% of the rows, and the plans built on that estimate join whole tables in
-- nested loops.)
CREATE FUNCTION reclaim_visible_practices() RETURNS uuid[]
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN coalesce(current_setting('reclaim.practices', true), '') = '*'
                THEN (SELECT coalesce(array_agg(id), '{}') FROM practice)
                ELSE coalesce(string_to_array(nullif(current_setting('reclaim.practices', true), ''), ',')::uuid[], '{}')
           END
$$;

-- Puts a table carrying practice_id under the policy (later migrations call it for their tables).
CREATE FUNCTION reclaim_enable_tenancy(t regclass) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY practice_isolation ON %s USING (practice_id = ANY (CAST((SELECT reclaim_visible_practices()) AS uuid[]))) '
                   'WITH CHECK (practice_id = ANY (CAST((SELECT reclaim_visible_practices()) AS uuid[])))', t);
END
$$;

ALTER TABLE practice ADD COLUMN payee_ids text[] NOT NULL DEFAULT '{}';

-- step runs carry their practice like every other row of a denial
ALTER TABLE step_run ADD COLUMN practice_id uuid;
UPDATE step_run s SET practice_id = d.practice_id FROM denial d WHERE d.id = s.denial_id;
DELETE FROM step_run WHERE practice_id IS NULL;
ALTER TABLE step_run ALTER COLUMN practice_id SET NOT NULL;

-- Practice API keys: only a SHA-256 of the key is kept (keys are 256 random bits, so a fast hash is
-- enough); the prefix lets a practice tell its keys apart. Revoked keys stay for the audit trail.
CREATE TABLE practice_api_key (
    id           uuid PRIMARY KEY,
    practice_id  uuid NOT NULL REFERENCES practice (id),
    prefix       text NOT NULL,
    sha256       text NOT NULL UNIQUE,
    label        text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    created_by   text NOT NULL,
    revoked_at   timestamptz,
    last_used_at timestamptz
);
CREATE INDEX practice_api_key_practice ON practice_api_key (practice_id);

-- Operators (people reviewing the agent's work). practices NULL: every practice.
CREATE TABLE operator (
    id              uuid PRIMARY KEY,
    username        text NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9._@-]{1,64}$'),
    password_hash   text NOT NULL,
    role            text NOT NULL CHECK (role IN ('ADMIN', 'REVIEWER')),
    practices       uuid[],
    failed_logins   int NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    disabled        boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    last_login_at   timestamptz
);

DO $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT c.table_name FROM information_schema.columns c
             JOIN information_schema.tables tb ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema
             WHERE c.table_schema = 'public' AND c.column_name = 'practice_id' AND tb.table_type = 'BASE TABLE'
             ORDER BY c.table_name
    LOOP
        PERFORM reclaim_enable_tenancy(t::regclass);
    END LOOP;
END
$$;

-- the practice row itself: visible to its own members
ALTER TABLE practice ENABLE ROW LEVEL SECURITY;
ALTER TABLE practice FORCE ROW LEVEL SECURITY;
CREATE POLICY practice_isolation ON practice USING (reclaim_practice_visible(id)) WITH CHECK (reclaim_practice_visible(id));
