-- A practice may send through a REST clearinghouse instead of the folder one (payer_id '*').
ALTER TABLE connector_setting DROP CONSTRAINT connector_setting_kind_check;
ALTER TABLE connector_setting ADD CONSTRAINT connector_setting_kind_check
    CHECK (kind IN ('payer-portal', 'clearinghouse-rest'));
