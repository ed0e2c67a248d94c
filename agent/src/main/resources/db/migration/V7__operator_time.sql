-- Metrics: the time operators spend on their decisions, so the cost to rework a denial counts people as
-- well as compute and model tokens. One row per operator decision on a denial (a review approved or
-- rejected, a close, write-off, retry or attachment), written in the decision's transaction. seconds is
-- what the client reported; NULL when it did not say: unknown, never guessed.
CREATE TABLE operator_time (
    id          uuid PRIMARY KEY,
    practice_id uuid NOT NULL,
    denial_id   uuid NOT NULL REFERENCES denial (id),
    review_id   uuid,
    action      text NOT NULL CHECK (action IN ('APPROVE', 'REJECT', 'CLOSE', 'WRITE_OFF', 'RETRY', 'ATTACH')),
    operator    text NOT NULL,
    seconds     int CHECK (seconds BETWEEN 0 AND 86400),
    at          timestamptz NOT NULL
);
CREATE INDEX operator_time_denial ON operator_time (denial_id);

SELECT reclaim_enable_tenancy('operator_time');
