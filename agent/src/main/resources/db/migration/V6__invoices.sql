-- Invoices (issue 6): a practice pays a flat fee per denial resolved paid or partly paid, and only for
-- those. Each billable_event (V3) becomes exactly one invoice line; a monthly invoice per practice
-- gathers them. Which month an event goes to is decided by InvoiceService (see its javadoc).

-- One invoice per practice and month. DRAFT while billing runs may still add lines; ISSUED and PAID
-- are frozen (the trigger below refuses any other change).
CREATE TABLE invoice (
    id               uuid PRIMARY KEY,
    practice_id      uuid NOT NULL REFERENCES practice (id),
    -- the first day of the month billed
    month            date NOT NULL CHECK (extract(day FROM month) = 1),
    status           text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'ISSUED', 'PAID')),
    line_count       int NOT NULL DEFAULT 0 CHECK (line_count >= 0),
    total_recovered  numeric(19, 2) NOT NULL DEFAULT 0,
    total_fee        numeric(19, 2) NOT NULL DEFAULT 0,
    -- given when issued: the practice's invoices are numbered 1, 2, 3... in the order they are issued
    sequence         int,
    number           text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    issued_at        timestamptz,
    paid_at          timestamptz,
    UNIQUE (practice_id, month),
    UNIQUE (practice_id, sequence),
    UNIQUE (id, practice_id),
    CHECK ((status = 'DRAFT') = (issued_at IS NULL)),
    CHECK ((status = 'DRAFT') = (number IS NULL)),
    CHECK ((status = 'PAID') = (paid_at IS NOT NULL))
);
CREATE INDEX invoice_practice_month ON invoice (practice_id, month DESC);

-- One line per billable event, copied from the event and its denial when billed so that an issued
-- invoice reads the same whatever happens to the denial later.
CREATE TABLE invoice_line (
    id                      uuid PRIMARY KEY,
    practice_id             uuid NOT NULL,
    invoice_id              uuid NOT NULL,
    -- UNIQUE: an event can be billed once, on one invoice, ever
    billable_event_id       uuid NOT NULL UNIQUE REFERENCES billable_event (id),
    denial_id               uuid NOT NULL,
    patient_control_number  text,
    payer_claim_number      text,
    payer_id                text,
    payer_name              text,
    resolved_at             timestamptz NOT NULL,
    recovered               numeric(19, 2) NOT NULL,
    fee                     numeric(19, 2) NOT NULL,
    -- a line belongs to an invoice of its own practice
    FOREIGN KEY (invoice_id, practice_id) REFERENCES invoice (id, practice_id)
);
CREATE INDEX invoice_line_invoice ON invoice_line (invoice_id, resolved_at, id);

-- Only these changes of an invoice row are allowed: a DRAFT's totals, DRAFT -> ISSUED (with its number
-- and time), ISSUED -> PAID (its time, nothing else). Whatever the code does, an issued invoice stays
-- as it was issued.
CREATE FUNCTION invoice_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.practice_id <> OLD.practice_id OR NEW.month <> OLD.month OR NEW.created_at <> OLD.created_at THEN
        RAISE EXCEPTION 'invoice %: practice, month and creation time never change', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.status = 'DRAFT' AND NEW.status IN ('DRAFT', 'ISSUED') THEN
        RETURN NEW;
    END IF;
    IF OLD.status = 'ISSUED' AND NEW.status = 'PAID'
       AND (NEW.line_count, NEW.total_recovered, NEW.total_fee, NEW.sequence, NEW.number, NEW.issued_at)
           IS NOT DISTINCT FROM (OLD.line_count, OLD.total_recovered, OLD.total_fee, OLD.sequence, OLD.number, OLD.issued_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'invoice % is %: this change is not allowed', OLD.id, OLD.status
        USING ERRCODE = 'check_violation';
END
$$;
CREATE TRIGGER invoice_guard BEFORE UPDATE ON invoice FOR EACH ROW EXECUTE FUNCTION invoice_guard();

-- Lines are added to DRAFT invoices only, and never edited.
CREATE FUNCTION invoice_line_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'invoice lines are never edited' USING ERRCODE = 'check_violation';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM invoice WHERE id = NEW.invoice_id AND status = 'DRAFT') THEN
        RAISE EXCEPTION 'invoice % is not a draft: no line can be added', NEW.invoice_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER invoice_line_guard BEFORE INSERT OR UPDATE ON invoice_line
    FOR EACH ROW EXECUTE FUNCTION invoice_line_guard();

SELECT reclaim_enable_tenancy('invoice');
SELECT reclaim_enable_tenancy('invoice_line');
