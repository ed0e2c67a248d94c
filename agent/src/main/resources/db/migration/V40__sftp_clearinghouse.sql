-- A practice may exchange its files with its clearinghouse over SFTP (issue 18): a 'clearinghouse-sftp'
-- row. Its address is base_url (sftp://host:port, for display), its credential (a password or a private
-- key) is sealed in secret like every other; the rest of the setting is in the sftp_* columns. What was
-- taken from the server is kept in a file beside the REST cursor (data/clearinghouse/<practice>.sftp-taken).
ALTER TABLE connector_setting
    ADD COLUMN sftp_host           text,
    ADD COLUMN sftp_port           integer,
    ADD COLUMN sftp_username       text,
    ADD COLUMN sftp_auth           text CHECK (sftp_auth IN ('password', 'privateKey')),
    ADD COLUMN sftp_host_key       text,
    ADD COLUMN sftp_upload_dir     text,
    ADD COLUMN sftp_download_dirs  text[],
    ADD COLUMN sftp_file_patterns  text[],
    ADD COLUMN sftp_after_download text,
    ADD COLUMN sftp_rename_suffix  text;

ALTER TABLE connector_setting DROP CONSTRAINT connector_setting_kind_check;
ALTER TABLE connector_setting ADD CONSTRAINT connector_setting_kind_check
    CHECK (kind IN ('payer-portal', 'clearinghouse-rest', 'clearinghouse-folder', 'clearinghouse-sftp'));

ALTER TABLE connector_setting DROP CONSTRAINT connector_setting_remote_check;
ALTER TABLE connector_setting ADD CONSTRAINT connector_setting_remote_check
    CHECK (kind = 'clearinghouse-folder'
           OR (kind = 'clearinghouse-sftp' AND base_url IS NOT NULL AND secret IS NOT NULL AND secret_hint IS NOT NULL
               AND sftp_host IS NOT NULL AND sftp_port IS NOT NULL AND sftp_username IS NOT NULL
               AND sftp_auth IS NOT NULL AND sftp_host_key IS NOT NULL AND sftp_upload_dir IS NOT NULL
               AND sftp_download_dirs IS NOT NULL AND sftp_after_download IS NOT NULL
               AND sftp_rename_suffix IS NOT NULL)
           OR (kind NOT IN ('clearinghouse-folder', 'clearinghouse-sftp') AND base_url IS NOT NULL
               AND auth_header_name IS NOT NULL AND secret IS NOT NULL AND secret_hint IS NOT NULL));

ALTER TABLE connector_setting DROP CONSTRAINT connector_setting_partner_check;
ALTER TABLE connector_setting ADD CONSTRAINT connector_setting_partner_check
    CHECK ((isa_sender_qualifier IS NULL) = (isa_sender_id IS NULL)
           AND (isa_sender_id IS NULL) = (isa_receiver_qualifier IS NULL)
           AND (isa_sender_id IS NULL) = (isa_receiver_id IS NULL)
           AND (isa_sender_id IS NULL) = (gs_sender_id IS NULL)
           AND (isa_sender_id IS NULL) = (gs_receiver_id IS NULL)
           AND (isa_sender_id IS NULL) = (usage_indicator IS NULL)
           AND (isa_sender_id IS NULL OR kind IN ('clearinghouse-rest', 'clearinghouse-folder', 'clearinghouse-sftp'))
           AND (kind <> 'clearinghouse-folder' OR isa_sender_id IS NOT NULL));

DROP INDEX connector_setting_one_clearinghouse;
CREATE UNIQUE INDEX connector_setting_one_clearinghouse ON connector_setting (practice_id)
    WHERE kind IN ('clearinghouse-rest', 'clearinghouse-folder', 'clearinghouse-sftp');
