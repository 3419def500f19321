-- Firmware records (seed 000 /api/v1/ota) with their artifact, staged rollouts, and the activity outbox.

CREATE TABLE firmware (
    id               bigserial PRIMARY KEY,
    public_id        text        NOT NULL UNIQUE,
    tenant_id        text        NOT NULL,
    version          text        NOT NULL,
    changelog        text,
    file_hash_sha256 text,
    file_size_bytes  bigint,
    -- Key of the artifact in the artifact storage; never leaves the service (has_firmware_file replaces it).
    artifact_key     text,
    status           text        NOT NULL DEFAULT 'pending',
    error_message    text,
    user_public_id   text,
    created_on       timestamptz NOT NULL DEFAULT now(),
    started_on       timestamptz,
    completed_on     timestamptz,
    CONSTRAINT firmware_version_unique UNIQUE (tenant_id, version)
);

CREATE TABLE rollout (
    id                     bigserial PRIMARY KEY,
    public_id              text        NOT NULL UNIQUE,
    tenant_id              text        NOT NULL,
    firmware_id            bigint      NOT NULL REFERENCES firmware (id) ON DELETE RESTRICT,
    name                   text        NOT NULL,
    -- running | paused | completed | cancelled | rolled_back
    status                 text        NOT NULL,
    status_reason          text,
    group_count            int         NOT NULL,
    -- Index of the last group that was started; groups above it wait.
    current_group          int         NOT NULL DEFAULT 0,
    success_threshold      int         NOT NULL,
    error_threshold        int         NOT NULL,
    auto_rollback          boolean     NOT NULL,
    device_timeout_seconds int         NOT NULL,
    user_public_id         text,
    created_on             timestamptz NOT NULL DEFAULT now(),
    updated_on             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rollout_tenant ON rollout (tenant_id, created_on DESC);
CREATE INDEX rollout_active ON rollout (status) WHERE status IN ('running', 'paused');

CREATE TABLE rollout_device (
    rollout_id  bigint      NOT NULL REFERENCES rollout (id) ON DELETE CASCADE,
    tenant_id   text        NOT NULL,
    device_id   text        NOT NULL,
    group_index int         NOT NULL,
    -- scheduled | pending | downloading | verifying | applying | completed | failed | cancelled
    -- | rollback_requested | rolled_back
    status      text        NOT NULL,
    reason      text,
    -- When a started device that has not finished times out into failed; null while it cannot time out.
    deadline    timestamptz,
    updated_on  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (rollout_id, device_id)
);
-- Device check-ins look a device up by tenant and id.
CREATE INDEX rollout_device_device ON rollout_device (tenant_id, device_id);
CREATE INDEX rollout_device_deadline ON rollout_device (deadline) WHERE deadline IS NOT NULL;

-- Activity records written in the transaction of the change they announce, drained to Kafka by OutboxRelay.
CREATE TABLE activity_outbox (
    id          bigserial PRIMARY KEY,
    tenant_id   text        NOT NULL,
    type        text        NOT NULL,
    subject     text        NOT NULL,
    actor       text,
    data        text        NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now()
);
