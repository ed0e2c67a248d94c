-- Learned rules (issue 16, item 2 "the practice's own history"): what the practice's submitted claims
-- and their denials teach, kept as counts so each stored 837 or 835 only adds to them (no re-scan of
-- the history). docs/prevention.md "Learned rules".
--
-- A claim line as the learner saw it when its 837 was stored: the features the patterns are made of
-- ('' when the claim does not say) and whether it met the conditions that answer a habit.
CREATE TABLE learn_observation (
    line_id            uuid PRIMARY KEY,   -- submitted_claim_line.id
    practice_id        uuid NOT NULL,
    submitted_claim_id uuid NOT NULL,
    submitted_on       date,               -- BHT04, else the first date of service
    payer              text NOT NULL,
    procedure          text NOT NULL,
    modifiers          text NOT NULL,      -- sorted, ':'-joined
    dx_category        text NOT NULL,      -- the ICD-10-CM category (first three characters)
    pos                text NOT NULL,
    rendering          text NOT NULL,
    authorized         boolean NOT NULL,   -- REF*G1 on the claim, or an authorization on file
    has_modifier       boolean NOT NULL,
    charge             numeric(19, 2) NOT NULL
);
CREATE INDEX learn_observation_claim ON learn_observation (submitted_claim_id);
CREATE INDEX learn_observation_practice ON learn_observation (practice_id, submitted_on);

-- A line's denial, once per CARC: which condition answers it, and whether the line failed that
-- condition (only then does it count towards a rule).
CREATE TABLE learn_outcome (
    line_id      uuid NOT NULL,
    carc         text NOT NULL,
    practice_id  uuid NOT NULL,
    condition    text NOT NULL CHECK (condition IN ('none', 'authorization', 'modifier')),
    category     text NOT NULL,
    denial_id    uuid NOT NULL,
    denied_on    date,
    amount       numeric(19, 2) NOT NULL,
    counted      boolean NOT NULL,
    PRIMARY KEY (line_id, carc)
);

-- Per pattern ('*' = any value of that feature) and condition: the lines that did not meet it.
CREATE TABLE learn_count (
    practice_id  uuid NOT NULL,
    payer        text NOT NULL,
    procedure    text NOT NULL,
    modifiers    text NOT NULL,
    dx_category  text NOT NULL,
    pos          text NOT NULL,
    rendering    text NOT NULL,
    condition    text NOT NULL,
    claims       bigint NOT NULL,
    PRIMARY KEY (practice_id, payer, procedure, modifiers, dx_category, pos, rendering, condition)
);

-- Per pattern, condition and CARC: those lines denied with it, their amount, the last payment date
-- and the newest denials (at most 20) that taught it.
CREATE TABLE learn_denied_count (
    practice_id  uuid NOT NULL,
    payer        text NOT NULL,
    procedure    text NOT NULL,
    modifiers    text NOT NULL,
    dx_category  text NOT NULL,
    pos          text NOT NULL,
    rendering    text NOT NULL,
    condition    text NOT NULL,
    carc         text NOT NULL,
    category     text NOT NULL,
    denied       bigint NOT NULL,
    amount       numeric(19, 2) NOT NULL,
    last_seen    date,
    denials      uuid[] NOT NULL,
    PRIMARY KEY (practice_id, payer, procedure, modifiers, dx_category, pos, rendering, condition, carc)
);

-- An operator's choice about a learned rule, by its stable id: kept through every relearning.
CREATE TABLE learned_rule_setting (
    practice_id  uuid NOT NULL,
    rule_id      text NOT NULL,
    enabled      boolean NOT NULL,
    changed_by   text NOT NULL,
    changed_at   timestamptz NOT NULL,
    PRIMARY KEY (practice_id, rule_id)
);

SELECT reclaim_enable_tenancy('learn_observation');
SELECT reclaim_enable_tenancy('learn_outcome');
SELECT reclaim_enable_tenancy('learn_count');
SELECT reclaim_enable_tenancy('learn_denied_count');
SELECT reclaim_enable_tenancy('learned_rule_setting');
