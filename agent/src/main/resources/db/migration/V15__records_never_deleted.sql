-- Records that are never deleted (issue 14, item 16). The application role has no DELETE right on
-- billable_event and denial_event (afterMigrate.sql takes it back after granting data rights), and
-- whoever deletes, an issued or paid invoice and the lines of one stay: the triggers below refuse
-- it. A DRAFT invoice and its lines may still go, while billing runs may still change them.

CREATE FUNCTION invoice_delete_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'DRAFT' THEN
        RAISE EXCEPTION 'invoice % is %: it is never deleted', OLD.id, OLD.status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN OLD;
END
$$;
CREATE TRIGGER invoice_delete_guard BEFORE DELETE ON invoice
    FOR EACH ROW EXECUTE FUNCTION invoice_delete_guard();

CREATE FUNCTION invoice_line_delete_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM invoice WHERE id = OLD.invoice_id AND status = 'DRAFT') THEN
        RAISE EXCEPTION 'invoice % is not a draft: its lines are never deleted', OLD.invoice_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN OLD;
END
$$;
CREATE TRIGGER invoice_line_delete_guard BEFORE DELETE ON invoice_line
    FOR EACH ROW EXECUTE FUNCTION invoice_line_delete_guard();
