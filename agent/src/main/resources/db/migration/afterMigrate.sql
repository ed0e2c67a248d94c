-- Runs after every migration: the application role gets data rights (never DDL) on every table,
-- except DELETE on the records that are never deleted: the billable events and the audit trail of
-- denial status changes (V14__records_never_deleted.sql guards issued invoices and their lines), and
-- neither UPDATE nor DELETE on the notes written on denials (V21__denial_notes.sql).
DO $$
BEGIN
    IF current_user <> '${appRole}' THEN
        EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', '${appRole}');
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', '${appRole}');
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', '${appRole}');
        EXECUTE format('REVOKE DELETE ON billable_event, denial_event FROM %I', '${appRole}');
        EXECUTE format('REVOKE UPDATE, DELETE ON denial_note FROM %I', '${appRole}');
    END IF;
END
$$;
