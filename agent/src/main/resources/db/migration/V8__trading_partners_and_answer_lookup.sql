-- Trading-partner settings per practice clearinghouse (issue 4): the ISA/GS sender and receiver ids and
-- ISA15 usage of the practice's outgoing files (837, 276, 270). Without them the service's
-- reclaim.clearinghouse.* defaults apply.
--
-- A practice sending through the folder clearinghouse may have them too: a 'clearinghouse-folder'
-- row, which has no URL and no secret. A practice has at most one clearinghouse row (REST or folder).
ALTER TABLE connector_setting
    ALTER COLUMN base_url DROP NOT NULL,
    ALTER COLUMN auth_header_name DROP NOT NULL,
    ALTER COLUMN secret DROP NOT NULL,
    ALTER COLUMN secret_hint DROP NOT NULL,
    ADD COLUMN isa_sender_qualifier   text,
    ADD COLUMN isa_sender_id          text,
    ADD COLUMN isa_receiver_qualifier text,
    ADD COLUMN isa_receiver_id        text,
    ADD COLUMN gs_sender_id           text,
    ADD COLUMN gs_receiver_id         text,
    ADD COLUMN usage_indicator        text CHECK (usage_indicator IN ('T', 'P'));

ALTER TABLE connector_setting DROP CONSTRAINT connector_setting_kind_check;
ALTER TABLE connector_setting ADD CONSTRAINT connector_setting_kind_check
    CHECK (kind IN ('payer-portal', 'clearinghouse-rest', 'clearinghouse-folder'));

-- remote connectors keep their address and sealed credential
ALTER TABLE connector_setting ADD CONSTRAINT connector_setting_remote_check
    CHECK (kind = 'clearinghouse-folder'
           OR (base_url IS NOT NULL AND auth_header_name IS NOT NULL AND secret IS NOT NULL AND secret_hint IS NOT NULL));

-- a trading partner is all there or not at all, only on clearinghouse rows, and a folder row exists for it
ALTER TABLE connector_setting ADD CONSTRAINT connector_setting_partner_check
    CHECK ((isa_sender_qualifier IS NULL) = (isa_sender_id IS NULL)
           AND (isa_sender_id IS NULL) = (isa_receiver_qualifier IS NULL)
           AND (isa_sender_id IS NULL) = (isa_receiver_id IS NULL)
           AND (isa_sender_id IS NULL) = (gs_sender_id IS NULL)
           AND (isa_sender_id IS NULL) = (gs_receiver_id IS NULL)
           AND (isa_sender_id IS NULL) = (usage_indicator IS NULL)
           AND (isa_sender_id IS NULL OR kind IN ('clearinghouse-rest', 'clearinghouse-folder'))
           AND (kind <> 'clearinghouse-folder' OR isa_sender_id IS NOT NULL));

CREATE UNIQUE INDEX connector_setting_one_clearinghouse ON connector_setting (practice_id)
    WHERE kind IN ('clearinghouse-rest', 'clearinghouse-folder');

-- A later remittance answers an open denial of the same claim, found by its patient control number
-- (the agent's Resolutions, on every stored 835): without this index each claim of the new file scanned
-- every denial of the practice — minutes for a 10,000-denial batch.
CREATE INDEX denial_patient_control_number ON denial (practice_id, patient_control_number);
