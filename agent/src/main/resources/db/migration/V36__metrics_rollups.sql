-- Metrics rollups (docs/metrics.md "How the figures are kept"): the metrics' additive sums per
-- practice, kind of figure, payer, day and category (and code, deadline or second date where a
-- figure needs one), so GET /api/v1/metrics and the dashboard add up a few thousand rows instead of
-- joining every claim, payment and denial.
--
-- metrics_change marks a practice whose rollups are stale: a statement-level trigger on every table
-- the metrics read adds one row per practice and writing transaction (the same transaction as the
-- write, so a committed write is always marked). The refresh (MetricsRollups) deletes the marks it
-- sees, then recomputes that practice's rows from scratch, in one transaction; a mark committed
-- meanwhile stays and triggers the next refresh. Marks are insert-only, one per transaction
-- (txid), so writers never wait on each other.
CREATE TABLE metrics_change (
    practice_id uuid NOT NULL REFERENCES practice (id),
    txid        bigint NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practice_id, txid)
);

-- kind: which query the row sums (MetricsRollups.Kind); n01..n16 its sums in the order the kind
-- names them. day: the figure's day on the month axis; other_day: the second date some figures need
-- (the day a claim was adjudicated, the day a denial was resolved, a denial's deadline).
CREATE TABLE metrics_rollup (
    practice_id uuid NOT NULL REFERENCES practice (id),
    kind        text NOT NULL,
    payer_id    text,
    payer_name  text,
    day         date,
    category    text,
    code        text,
    other_day   date,
    n01 numeric NOT NULL DEFAULT 0, n02 numeric NOT NULL DEFAULT 0, n03 numeric NOT NULL DEFAULT 0,
    n04 numeric NOT NULL DEFAULT 0, n05 numeric NOT NULL DEFAULT 0, n06 numeric NOT NULL DEFAULT 0,
    n07 numeric NOT NULL DEFAULT 0, n08 numeric NOT NULL DEFAULT 0, n09 numeric NOT NULL DEFAULT 0,
    n10 numeric NOT NULL DEFAULT 0, n11 numeric NOT NULL DEFAULT 0, n12 numeric NOT NULL DEFAULT 0,
    n13 numeric NOT NULL DEFAULT 0, n14 numeric NOT NULL DEFAULT 0, n15 numeric NOT NULL DEFAULT 0,
    n16 numeric NOT NULL DEFAULT 0
);
CREATE INDEX metrics_rollup_practice ON metrics_rollup (practice_id, kind);
CREATE INDEX metrics_rollup_kind_day ON metrics_rollup (kind, day);

SELECT reclaim_enable_tenancy('metrics_change');
SELECT reclaim_enable_tenancy('metrics_rollup');

CREATE FUNCTION metrics_mark_inserted() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO metrics_change (practice_id, txid)
    SELECT DISTINCT practice_id, txid_current() FROM changed_rows
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

-- every table a metrics query reads (MetricsQueries), for inserts, updates and deletes (a trigger
-- with transition tables has one event each)
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['x12_file', 'claim_submission', 'submitted_claim', 'remittance', 'claim_payment',
                             'claim_payment_link', 'acknowledgment', 'acknowledgment_item', 'denial', 'denial_event',
                             'step_run', 'operator_time', 'submission', 'billable_event']
    LOOP
        EXECUTE format('CREATE TRIGGER metrics_mark_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION metrics_mark_inserted()', t);
        EXECUTE format('CREATE TRIGGER metrics_mark_update AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION metrics_mark_inserted()', t);
        EXECUTE format('CREATE TRIGGER metrics_mark_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION metrics_mark_inserted()', t);
    END LOOP;
END
$$;

-- what is stored already: every practice starts stale, so the first refresh builds its rollups
SELECT set_config('reclaim.practices', '*', true);
INSERT INTO metrics_change (practice_id, txid) SELECT id, txid_current() FROM practice;
