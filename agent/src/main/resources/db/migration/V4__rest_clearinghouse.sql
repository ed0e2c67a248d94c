-- A practice may send through a REST clearinghouse instead of the folder one (payer_id '*').
ALTER TABLE connector_setting DROP CONSTRAINT connector_setting_kind_check;
ALTER TABLE connector_setting ADD CONSTRAINT connector_setting_kind_check
    CHECK (kind IN ('payer-portal', 'clearinghouse-rest'));

-- The worklist shows every open denial, whatever the agent is doing with it.
DROP INDEX IF EXISTS denial_worklist;
CREATE INDEX denial_worklist ON denial (practice_id, deadline)
    WHERE status NOT IN ('RESOLVED_PAID', 'RESOLVED_PARTIAL', 'WRITTEN_OFF', 'ROUTED_TO_PATIENT', 'REBILLED', 'CLOSED');
