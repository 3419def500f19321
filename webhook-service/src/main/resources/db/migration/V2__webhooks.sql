-- Webhook subscriptions (seed 000), their deliveries with a durable retry schedule, and the attempt log.

CREATE TABLE webhook (
    id                    bigserial PRIMARY KEY,
    public_id             text NOT NULL UNIQUE,
    tenant_id             text NOT NULL,
    url                   text NOT NULL CHECK (char_length(url) BETWEEN 1 AND 2048),
    events                text[] NOT NULL CHECK (cardinality(events) > 0),
    enabled               boolean NOT NULL DEFAULT true,
    paused                boolean NOT NULL DEFAULT false,
    -- AES-GCM ciphertexts (nonce || ciphertext+tag); a signing secret can never be hashed.
    secret_enc            bytea NOT NULL,
    previous_secret_enc   bytea,
    previous_secret_until timestamptz,
    -- Per-subscription retry schedule in seconds (delay before attempt n+1); null = the service default.
    retry_schedule        integer[],
    user_public_id        text,
    created_on            timestamptz NOT NULL DEFAULT now(),
    updated_on            timestamptz NOT NULL DEFAULT now(),
    -- Since when every attempt failed (null after a success); drives the auto-disable.
    failing_since         timestamptz,
    -- Why the platform disabled it (gone, failing), and whether webhook.disabled has been published.
    disabled_reason       text,
    disabled_announced    boolean NOT NULL DEFAULT true,
    CONSTRAINT webhook_tenant_url_key UNIQUE (tenant_id, url)
);
CREATE INDEX webhook_tenant_created_idx ON webhook (tenant_id, created_on DESC, id DESC);
CREATE INDEX webhook_failing_idx ON webhook (failing_since) WHERE failing_since IS NOT NULL AND enabled;
CREATE INDEX webhook_unannounced_idx ON webhook (id) WHERE NOT disabled_announced;

-- Per-tenant switches (seed 002 GET /webhooks/config); a missing row means not paused.
CREATE TABLE tenant_config (
    tenant_id   text PRIMARY KEY,
    paused      boolean NOT NULL DEFAULT false,
    updated_on  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE delivery (
    id                bigserial PRIMARY KEY,
    public_id         text NOT NULL UNIQUE,
    tenant_id         text NOT NULL,
    webhook_id        bigint NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    -- The Standard Webhooks webhook-id: the same for every attempt and every redelivery of one message.
    message_id        text NOT NULL,
    event_type        text NOT NULL,
    payload           text NOT NULL,
    -- What created it (topic/partition/offset of the source record, or a manual action): a redelivered record
    -- finds its delivery already there.
    source_key        text NOT NULL,
    status            text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'delivered', 'failed', 'dead_letter')),
    attempts          integer NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz NOT NULL DEFAULT now(),
    lease_until       timestamptz,
    lease_token       uuid,
    response_code     integer,
    last_error        text,
    created_on        timestamptz NOT NULL DEFAULT now(),
    delivered_on      timestamptz,
    dead_lettered_on  timestamptz,
    dlq_published     boolean NOT NULL DEFAULT false,
    replayed          boolean NOT NULL DEFAULT false,
    CONSTRAINT delivery_source_key UNIQUE (webhook_id, source_key)
);
-- The dispatcher's scan: due rows in time order.
CREATE INDEX delivery_due_idx ON delivery (next_attempt_at) WHERE status IN ('pending', 'failed');
CREATE INDEX delivery_webhook_created_idx ON delivery (webhook_id, created_on DESC, id DESC);
CREATE INDEX delivery_tenant_created_idx ON delivery (tenant_id, created_on DESC, id DESC);
CREATE INDEX delivery_dlq_unpublished_idx ON delivery (id) WHERE status = 'dead_letter' AND NOT dlq_published;

CREATE TABLE delivery_attempt (
    delivery_id       bigint NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    attempt           integer NOT NULL,
    attempted_at      timestamptz NOT NULL,
    response_code     integer,
    duration_ms       integer NOT NULL,
    error             text,
    response_excerpt  text,
    PRIMARY KEY (delivery_id, attempt)
);

-- sensor.reading: at most one per tenant and event per throttle window, across replicas.
CREATE TABLE reading_throttle (
    tenant_id   text NOT NULL,
    event_id    text NOT NULL,
    last_sent   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, event_id)
);
