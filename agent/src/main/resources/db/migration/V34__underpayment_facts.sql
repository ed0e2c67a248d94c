-- Underpayment facts (docs/underpayments.md "How the list is kept"): the judgement of every paid line of
-- the paid_line view (V11) against the fee schedule in force, kept as 835s are stored, so that
-- GET /api/v1/underpayments reads a page of rows in payment-date order instead of pricing every stored
-- line on every request (229 s over 200,000 claims before this table).
--
-- Only two kinds of line have a row: those underpaid by more than the tolerance (underpaid set) and those
-- no rate prices (ordinal NULL: counted as linesWithoutRate). A line paid at or above its rate has none.
--
-- judged_by: a digest of everything the judgement was bound to (the rates of config/fee-schedules.csv,
-- the payer identifiers of payers.yml, the tolerance). underpayment_judgement names the digest the whole
-- table was last judged by: when the configuration in force has another one (an edited fee schedule
-- was reloaded), the list prices the stored lines live, as before, until every line is judged again
-- (UnderpaymentFacts), and never serves rows judged by another schedule.
CREATE TABLE underpayment_fact (
    claim_payment_id uuid NOT NULL,
    line_index       int NOT NULL,
    practice_id      uuid NOT NULL,
    judged_by        text NOT NULL,
    payer            text,
    payer_id         text,
    payer_name       text,
    procedure        text NOT NULL,
    payment_date     date,
    service_date     date,
    ordinal          int,
    expected         numeric(19, 2),
    underpaid        numeric(19, 2),
    PRIMARY KEY (claim_payment_id, line_index)
);
-- the list's order, for its page (LIMIT/OFFSET walks this index, not every stored line)
CREATE INDEX underpayment_fact_page ON underpayment_fact
    (payment_date DESC NULLS LAST, claim_payment_id, line_index) WHERE underpaid IS NOT NULL;
CREATE INDEX underpayment_fact_practice ON underpayment_fact (practice_id, payment_date);
SELECT reclaim_enable_tenancy('underpayment_fact');

-- one row: the digest the whole of underpayment_fact was judged by
CREATE TABLE underpayment_judgement (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    judged_by  text NOT NULL,
    judged_at  timestamptz NOT NULL DEFAULT now()
);
