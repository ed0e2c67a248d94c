-- A wake-up that comes while a step runs (issue 14, item 7): the payer upholding the denial (an 835)
-- makes its item due now, but the running step's end then sets the item's next time and would put
-- the wake-up off until the step's own timer (a wait of 30 days). A wake-up of a leased item keeps the
-- lease token it came during; the step's end (advance) of that same claim then makes the item due at
-- once rather than at the time the step asked for.
ALTER TABLE work_item ADD COLUMN woken_during bigint;

COMMENT ON COLUMN work_item.woken_during IS
    'The lease_token of the claim during which the item was woken (an answer came while its step ran): that claim''s advance keeps it due now';
