-- The agent loop (issue 4): the denial lifecycle's audit trail, durable work items with leases, the
-- submission outbox, reviews, artifacts and billing events.

-- Every change of a denial's status, with who made it and why. Never updated, never deleted.
CREATE TABLE denial_event (
    id           uuid PRIMARY KEY,
    practice_id  uuid NOT NULL,
    denial_id    uuid NOT NULL REFERENCES denial (id),
    from_status  text,
    to_status    text NOT NULL,
    -- 'agent:<STEP>', 'operator:<name>', 'payer:<message>', 'triage', 'system'
    actor        text NOT NULL,
    reason       text NOT NULL,
    at           timestamptz NOT NULL
);
CREATE INDEX denial_event_denial ON denial_event (denial_id, at);

-- Resolution of a denial: what the payer paid after Reclaim acted.
ALTER TABLE denial
    ADD COLUMN recovered        numeric(19, 2),
    ADD COLUMN resolved_at      timestamptz,
    ADD COLUMN appeal_level     int NOT NULL DEFAULT 1;

-- One work item per denial being worked: the playbook's position and its durable timer. A worker
-- claims due items with FOR UPDATE SKIP LOCKED and holds a lease; an expired lease means the worker
-- died, and any instance resumes from the recorded step.
CREATE TABLE work_item (
    denial_id     uuid PRIMARY KEY REFERENCES denial (id),
    practice_id   uuid NOT NULL,
    payer_id      text,
    playbook      text NOT NULL,
    step_index    int NOT NULL DEFAULT 0,
    attempt       int NOT NULL DEFAULT 0,
    -- READY (run at next_run_at), WAITING_REVIEW (an operator must act), DONE
    state         text NOT NULL,
    next_run_at   timestamptz NOT NULL,
    lease_owner   text,
    lease_until   timestamptz,
    -- what earlier steps found (authorization number, draft ids, submission ids, level): key=value lines
    context       text NOT NULL DEFAULT '',
    updated_at    timestamptz NOT NULL
);
CREATE INDEX work_item_due ON work_item (next_run_at) WHERE state = 'READY';

-- Every step run: what it did and how it ended (also the tokens a model spent on it).
CREATE TABLE step_run (
    id           uuid PRIMARY KEY,
    denial_id    uuid NOT NULL,
    step_index   int NOT NULL,
    step         text NOT NULL,
    outcome      text NOT NULL,
    detail       text NOT NULL,
    tokens_in    int NOT NULL DEFAULT 0,
    tokens_out   int NOT NULL DEFAULT 0,
    started_at   timestamptz NOT NULL,
    ended_at     timestamptz NOT NULL
);
CREATE INDEX step_run_denial ON step_run (denial_id, started_at);

-- Drafts, claims and packets the agent produced; content addressed.
CREATE TABLE artifact (
    id           uuid PRIMARY KEY,
    practice_id  uuid NOT NULL,
    denial_id    uuid NOT NULL,
    kind         text NOT NULL,
    media_type   text NOT NULL,
    sha256       text NOT NULL,
    content      bytea NOT NULL,
    source       text NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX artifact_denial ON artifact (denial_id);

-- The outbox: a submission is written here before it is sent and marked after. After a crash a
-- PENDING one is sent again with the same idempotency key, never a new one.
CREATE TABLE submission (
    id               uuid PRIMARY KEY,
    practice_id      uuid NOT NULL,
    denial_id        uuid NOT NULL,
    idempotency_key  text NOT NULL UNIQUE,
    channel          text NOT NULL,
    kind             text NOT NULL,
    artifact_id      uuid,
    control_number   text,
    status           text NOT NULL,
    receipt          text,
    created_at       timestamptz NOT NULL,
    sent_at          timestamptz
);
CREATE INDEX submission_denial ON submission (denial_id);
CREATE INDEX submission_control ON submission (control_number);

-- Allocated interchange / group / transaction control numbers, per sender: unique, persisted.
CREATE TABLE control_number (
    sender     text PRIMARY KEY,
    last_value bigint NOT NULL
);

-- What policy says a person must look at.
CREATE TABLE review (
    id           uuid PRIMARY KEY,
    practice_id  uuid NOT NULL,
    denial_id    uuid NOT NULL,
    step_index   int NOT NULL,
    reason       text NOT NULL,
    artifact_id  uuid,
    status       text NOT NULL,  -- OPEN, APPROVED, REJECTED
    decided_by   text,
    decision     text,
    created_at   timestamptz NOT NULL,
    decided_at   timestamptz
);
CREATE INDEX review_open ON review (practice_id, created_at) WHERE status = 'OPEN';

-- Exactly one billable event per denial resolved as paid after Reclaim acted.
CREATE TABLE billable_event (
    id           uuid PRIMARY KEY,
    practice_id  uuid NOT NULL,
    denial_id    uuid NOT NULL UNIQUE,
    recovered    numeric(19, 2) NOT NULL,
    fee          numeric(19, 2) NOT NULL,
    at           timestamptz NOT NULL
);

ALTER TABLE practice ADD COLUMN fee_per_resolved numeric(19, 2) NOT NULL DEFAULT 4.00;

-- The later claim payment that answered the work on a denial (paid, partly paid or denied again).
ALTER TABLE denial ADD COLUMN answered_by uuid;

-- The whole 837P claim as submitted (ClaimDocument's text form): a corrected claim is built from it
-- with only the drafted changes applied.
CREATE TABLE claim_document (
    submitted_claim_id uuid PRIMARY KEY,
    practice_id        uuid NOT NULL,
    document           text NOT NULL
);

-- 271 eligibility answers (member id and coverage; names and birth dates are not kept).
CREATE TABLE eligibility_response (
    id                  uuid PRIMARY KEY,
    practice_id         uuid NOT NULL,
    file_id             uuid NOT NULL,
    transaction_ordinal int NOT NULL,
    control_number      text,
    trace_number        text,
    payer_id            text,
    member_id           text,
    active              boolean NOT NULL,
    coverage_code       text,
    plan_name           text,
    plan_begin          date,
    plan_end            date,
    rejections          text[] NOT NULL
);
CREATE INDEX eligibility_trace ON eligibility_response (practice_id, trace_number);

-- Per-practice connector settings (a payer's portal, a REST clearinghouse). The secret (the value of
-- the auth header) is encrypted at rest with the service's key; it is never logged or shown back.
CREATE TABLE connector_setting (
    id                uuid PRIMARY KEY,
    practice_id       uuid NOT NULL REFERENCES practice (id),
    kind              text NOT NULL CHECK (kind IN ('payer-portal')),
    payer_id          text NOT NULL,
    base_url          text NOT NULL,
    auth_header_name  text NOT NULL,
    secret            bytea NOT NULL,
    secret_hint       text NOT NULL,
    updated_at        timestamptz NOT NULL,
    UNIQUE (practice_id, kind, payer_id)
);
