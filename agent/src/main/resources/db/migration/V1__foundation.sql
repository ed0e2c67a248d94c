-- Foundation schema: practices, received files, remittances (835), submitted claims (837),
-- acknowledgments (999/997/277CA) and the denials identified in remittances.
-- Every stored row carries its practice (tenant); row-level security arrives with authentication.
-- Ids are UUIDs made by the service (time-ordered), so whole files can be stored with COPY.
-- The high-volume tables below a file (claims, lines, adjustments, denials, ...) are written only
-- by the ingestion path, whole files at a time in one transaction, and carry no foreign keys: a
-- per-row foreign-key trigger would cost more than the row itself on a million-row COPY, and
-- deferred checks would queue every row in server memory. Their parent ids are still indexed.

CREATE TABLE practice (
    id          uuid PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO practice (id, slug, name)
VALUES ('00000000-0000-7000-8000-000000000001', 'default', 'Default practice');

CREATE TABLE x12_file (
    id              uuid PRIMARY KEY,
    practice_id     uuid NOT NULL REFERENCES practice (id),
    source          text NOT NULL CHECK (source IN ('upload', 'inbox')),
    name            text,
    sha256          bytea NOT NULL,
    bytes           bigint NOT NULL,
    type            text NOT NULL,
    interchanges    int NOT NULL,
    transactions    int NOT NULL,
    new_transactions int NOT NULL,
    problem_count   bigint NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (practice_id, sha256)
);

-- Files from the drop folder that could not be read: kept with the reason (the file itself moves
-- to quarantine/). Uploads that fail are answered with 400/422 and not stored.
CREATE TABLE quarantined_file (
    id           uuid PRIMARY KEY,
    practice_id  uuid NOT NULL REFERENCES practice (id),
    name         text NOT NULL,
    moved_to     text NOT NULL,
    reason       text NOT NULL,
    quarantined_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE file_problem (
    file_id     uuid NOT NULL,
    practice_id uuid NOT NULL,
    ordinal     int NOT NULL,
    severity    text NOT NULL CHECK (severity IN ('error', 'warning')),
    segment     bigint NOT NULL,
    segment_id  text,
    element     int,
    byte_offset bigint NOT NULL,
    message     text NOT NULL,
    PRIMARY KEY (file_id, ordinal)
);

-- One 835 transaction (ST..SE): a payment or a remittance advice.
CREATE TABLE remittance (
    id                 uuid PRIMARY KEY,
    practice_id        uuid NOT NULL REFERENCES practice (id),
    file_id            uuid NOT NULL REFERENCES x12_file (id),
    transaction_ordinal int NOT NULL,
    control_number     text,
    version            text,
    handling_code      text,
    amount             numeric(19, 2),
    credit_debit       text,
    method             text,
    payment_date       date,
    trace_number       text,
    trace_originator   text,
    payer_id           text,
    payer_name         text,
    payee_id           text,
    payee_name         text,
    claim_count        int NOT NULL,
    line_count         int NOT NULL,
    claims_paid        numeric(19, 2) NOT NULL,
    plb_total          numeric(19, 2) NOT NULL,
    payment_balanced   boolean NOT NULL,
    unbalanced_claims  int NOT NULL,
    unbalanced_lines   int NOT NULL,
    segment            bigint NOT NULL,
    -- docs/contracts.md §3: a payment is the same when payer, payee and TRN02 are
    dedup_key          text NOT NULL,
    UNIQUE (practice_id, dedup_key)
);

CREATE TABLE provider_adjustment (
    id             uuid PRIMARY KEY,
    practice_id    uuid NOT NULL,
    remittance_id  uuid NOT NULL,
    provider_id    text,
    fiscal_date    date,
    reason_code    text,
    reference      text,
    amount         numeric(19, 2) NOT NULL,
    segment        bigint NOT NULL
);
CREATE INDEX provider_adjustment_remittance ON provider_adjustment (remittance_id);

-- One 837 transaction, kept for deduplication; its claims are rows of submitted_claim.
CREATE TABLE claim_submission (
    id                 uuid PRIMARY KEY,
    practice_id        uuid NOT NULL REFERENCES practice (id),
    file_id            uuid NOT NULL REFERENCES x12_file (id),
    transaction_ordinal int NOT NULL,
    control_number     text,
    variant            text NOT NULL,
    submission_date    date,
    dedup_key          text NOT NULL,
    UNIQUE (practice_id, dedup_key)
);

CREATE TABLE submitted_claim (
    id                      uuid PRIMARY KEY,
    practice_id             uuid NOT NULL,
    submission_id           uuid NOT NULL,
    variant                 text NOT NULL,
    control_number          text,
    submission_date         date,
    submitter_id            text,
    receiver_id             text,
    billing_provider_id     text,
    billing_provider_name   text,
    billing_provider_tax_id text,
    rendering_provider_id   text,
    rendering_provider_name text,
    payer_id                text,
    payer_name              text,
    subscriber_member_id    text,
    subscriber_last_name    text,
    subscriber_first_name   text,
    subscriber_birth_date   date,
    subscriber_gender       text,
    patient_last_name       text,
    patient_first_name      text,
    patient_birth_date      date,
    patient_gender          text,
    patient_relationship    text,
    patient_control_number  text NOT NULL,
    charge                  numeric(19, 2) NOT NULL,
    facility_code           text,
    frequency               text,
    diagnoses               text[] NOT NULL,
    prior_authorization     text,
    referral                text,
    payer_claim_number      text,
    service_from            date,
    service_to              date,
    line_count              int NOT NULL,
    segment                 bigint NOT NULL
);
CREATE INDEX submitted_claim_submission ON submitted_claim (submission_id);
CREATE INDEX claim_submission_file ON claim_submission (file_id);
CREATE INDEX submitted_claim_pcn ON submitted_claim (practice_id, patient_control_number);
CREATE INDEX submitted_claim_payer_claim ON submitted_claim (practice_id, payer_claim_number);
CREATE INDEX submitted_claim_control ON submitted_claim (practice_id, control_number);

CREATE TABLE submitted_claim_line (
    id                  uuid PRIMARY KEY,
    practice_id         uuid NOT NULL,
    submitted_claim_id  uuid NOT NULL,
    line_index          int NOT NULL,
    procedure_qualifier text,
    procedure           text,
    modifiers           text[] NOT NULL,
    charge              numeric(19, 2) NOT NULL,
    unit_qualifier      text,
    units               numeric,
    service_from        date,
    service_to          date,
    revenue_code        text,
    place_of_service    text,
    diagnosis_pointers  int[] NOT NULL,
    control_number      text
);
CREATE INDEX submitted_claim_line_claim ON submitted_claim_line (submitted_claim_id);

-- One CLP loop of an 835.
CREATE TABLE claim_payment (
    id                        uuid PRIMARY KEY,
    practice_id               uuid NOT NULL,
    remittance_id             uuid NOT NULL,
    claim_index               int NOT NULL,
    patient_control_number    text NOT NULL,
    status                    text NOT NULL,
    charge                    numeric(19, 2) NOT NULL,
    paid                      numeric(19, 2) NOT NULL,
    patient_responsibility    numeric(19, 2),
    filing_indicator          text,
    payer_claim_number        text,
    facility_type             text,
    frequency                 text,
    service_from              date,
    service_to                date,
    received                  date,
    remarks                   text[] NOT NULL,
    original_payer_claim_number text,
    -- its CAS triplets (claim level here, line level on service_line) in file order, each
    -- "group:carc:amount:quantity:workable" (t|f), joined by ';', with '%', ':' and ';' inside a
    -- value written %25, %3A, %3B. Every adjustment is kept; one text value per owner keeps a file's
    -- row count low and costs the server a fraction of what parsing arrays would.
    adjustments               text NOT NULL,
    balanced                  boolean NOT NULL,
    segment                   bigint NOT NULL
);
CREATE INDEX claim_payment_remittance ON claim_payment (remittance_id);
CREATE INDEX remittance_file ON remittance (file_id);
-- the practice is checked on the row: a narrower key makes this index cheaper to fill by COPY
CREATE INDEX claim_payment_pcn ON claim_payment (patient_control_number);

-- The submitted claim an 835 claim answers (CLM01 = CLP01, then payer claim number). A claim without
-- a row here is unlinked. A table of its own, filled by INSERT … SELECT after each file, rather than
-- an UPDATE of the freshly copied claim rows.
CREATE TABLE claim_payment_link (
    claim_payment_id   uuid PRIMARY KEY,
    submitted_claim_id uuid NOT NULL,
    practice_id        uuid NOT NULL,
    matched_by         text NOT NULL CHECK (matched_by IN ('patient_control_number', 'payer_claim_number'))
);
CREATE INDEX claim_payment_link_submitted ON claim_payment_link (submitted_claim_id);

CREATE TABLE service_line (
    practice_id         uuid NOT NULL,
    claim_payment_id    uuid NOT NULL,
    line_index          int NOT NULL,
    procedure_qualifier text,
    procedure           text,
    modifiers           text[] NOT NULL,
    charge              numeric(19, 2) NOT NULL,
    paid                numeric(19, 2) NOT NULL,
    revenue_code        text,
    units               numeric,
    service_from        date,
    service_to          date,
    allowed             numeric(19, 2),
    rarcs               text[] NOT NULL,
    control_number      text,
    adjustments         text NOT NULL,
    balanced            boolean NOT NULL,
    segment             bigint NOT NULL,
    PRIMARY KEY (claim_payment_id, line_index)
);

-- docs/contracts.md §1: a denied service line, or the claim-level denial of a claim (line null).
CREATE TABLE denial (
    id                     uuid PRIMARY KEY,
    practice_id            uuid NOT NULL,
    remittance_id          uuid NOT NULL,
    claim_payment_id       uuid NOT NULL,
    line                   int,
    status                 text NOT NULL DEFAULT 'NEW',
    patient_control_number text NOT NULL,
    payer_claim_number     text,
    payer_id               text,
    payer_name             text,
    payment_date           date,
    procedure              text,
    modifiers              text[] NOT NULL,
    service_date           date,
    charge                 numeric(19, 2) NOT NULL,
    paid                   numeric(19, 2) NOT NULL,
    group_code             text NOT NULL,
    carc                   text NOT NULL,
    rarcs                  text[] NOT NULL,
    amount                 numeric(19, 2) NOT NULL CHECK (amount > 0),
    created_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX denial_practice_payment ON denial (practice_id, payment_date, id);
CREATE INDEX denial_claim ON denial (claim_payment_id);

-- A take-back (CLP02 = 22) with the original claim it reverses and its correction.
CREATE TABLE reversal (
    id                          uuid PRIMARY KEY,
    practice_id                 uuid NOT NULL,
    file_id                     uuid NOT NULL,
    reversal_claim_id           uuid NOT NULL UNIQUE,
    correction_claim_id         uuid,
    original_claim_id           uuid,
    patient_control_number      text NOT NULL,
    original_payer_claim_number text,
    correction_payer_claim_number text,
    reversed_amount             numeric(19, 2) NOT NULL,
    corrected_amount            numeric(19, 2),
    net_change                  numeric(19, 2) NOT NULL
);
CREATE INDEX reversal_file ON reversal (file_id);

-- One 999/997/277CA transaction.
CREATE TABLE acknowledgment (
    id                  uuid PRIMARY KEY,
    practice_id         uuid NOT NULL REFERENCES practice (id),
    file_id             uuid NOT NULL REFERENCES x12_file (id),
    transaction_ordinal int NOT NULL,
    type                text NOT NULL,
    control_number      text,
    acknowledged_group  text,
    group_code          text,
    group_accepted      boolean NOT NULL,
    accepted_count      int NOT NULL,
    rejected_count      int NOT NULL,
    dedup_key           text NOT NULL,
    UNIQUE (practice_id, dedup_key)
);

-- One answer inside an acknowledgment: about a transaction set (999/997) or a claim (277CA).
-- A rejected one is a rejection (docs/contracts.md §1): its own work type, not a denial.
CREATE TABLE acknowledgment_item (
    id                     uuid PRIMARY KEY,
    practice_id            uuid NOT NULL,
    acknowledgment_id      uuid NOT NULL,
    kind                   text NOT NULL CHECK (kind IN ('set', 'claim')),
    set_control_number     text,
    patient_control_number text,
    payer_claim_number     text,
    code                   text,
    status                 text,
    accepted               boolean NOT NULL,
    reasons                text[] NOT NULL,
    status_date            date,
    submitted_claim_id     uuid
);
CREATE INDEX acknowledgment_file ON acknowledgment (file_id);
CREATE INDEX acknowledgment_item_ack ON acknowledgment_item (acknowledgment_id);
CREATE INDEX acknowledgment_item_claim ON acknowledgment_item (submitted_claim_id) WHERE submitted_claim_id IS NOT NULL;
CREATE INDEX acknowledgment_item_pcn ON acknowledgment_item (practice_id, patient_control_number);
