-- Runs after every migration: the application role gets data rights (never DDL) on every table.
DO $$
BEGIN
    IF current_user <> '${appRole}' THEN
        EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', '${appRole}');
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', '${appRole}');
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', '${appRole}');
    END IF;
END
$$;
