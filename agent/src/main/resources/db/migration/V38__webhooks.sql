-- Webhooks (issue 18 item 2, docs/webhooks.md): a practice's endpoints and the outbox of what is to
-- be delivered to them.

-- An endpoint a practice registered: its URL (checked against the connector host rules when
-- registered and again before every delivery), its signing secret sealed like the connector secrets
-- (AES-256-GCM, SecretBox), and the kinds of events it wants.
CREATE TABLE webhook_endpoint (
    id           uuid PRIMARY KEY,
    practice_id  uuid NOT NULL REFERENCES practice (id),
    url          text NOT NULL,
    secret       bytea NOT NULL,
    secret_hint  text NOT NULL,
    kinds        text[] NOT NULL CHECK (cardinality(kinds) > 0),
    created_at   timestamptz NOT NULL
);
CREATE INDEX webhook_endpoint_practice ON webhook_endpoint (practice_id);

-- The outbox: one row per event and endpoint, written in the transaction of the event (or, where
-- the event has none, right after it: the unique key makes writing it again harmless). seq keeps
-- the order events were recorded in: the relay delivers an event of a denial (order_key) only when
-- no earlier one of the same denial is still PENDING for that endpoint.
CREATE TABLE webhook_delivery (
    id            uuid PRIMARY KEY,
    seq           bigserial NOT NULL UNIQUE,
    practice_id   uuid NOT NULL REFERENCES practice (id),
    endpoint_id   uuid NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    event_id      uuid NOT NULL,
    kind          text NOT NULL,
    order_key     uuid NOT NULL,
    -- the exact body sent (and signed) on every attempt
    body          text NOT NULL,
    status        text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts      int NOT NULL DEFAULT 0,
    last_status   int,
    last_error    text,
    created_at    timestamptz NOT NULL,
    next_try_at   timestamptz NOT NULL,
    last_try_at   timestamptz,
    delivered_at  timestamptz,
    -- a relay's claim on the row while it delivers it, in real time (the database's clock, never the
    -- service clock, which may jump): an expired lease is taken again; the token fences the outcome,
    -- so a relay whose lease was taken over writes nothing
    leased_until  timestamptz,
    lease_token   uuid,
    UNIQUE (endpoint_id, event_id),
    CHECK ((status = 'DELIVERED') = (delivered_at IS NOT NULL))
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_try_at) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_order ON webhook_delivery (endpoint_id, order_key, seq) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_log ON webhook_delivery (endpoint_id, seq DESC);

SELECT reclaim_enable_tenancy('webhook_endpoint');
SELECT reclaim_enable_tenancy('webhook_delivery');
