-- Identity: tenants, users, sessions (refresh-token families, revoked access tokens, login failures),
-- API tokens, audit events and the seed 000 log. Every tenant-owned row names its tenant.

CREATE TABLE tenant (
    id          BIGSERIAL PRIMARY KEY,
    public_id   TEXT        NOT NULL UNIQUE,           -- the tenant id carried in tokens and Kafka records
    name        TEXT        NOT NULL,
    slug        TEXT        NOT NULL UNIQUE,
    status      TEXT        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    limits      JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE app_user (
    id             BIGSERIAL PRIMARY KEY,
    public_id      TEXT        NOT NULL UNIQUE,
    tenant_id      BIGINT      NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    email          TEXT        NOT NULL,
    username       TEXT        NOT NULL,
    password_hash  TEXT        NOT NULL,                -- bcrypt
    role           TEXT        NOT NULL CHECK (role IN ('viewer', 'operator', 'admin', 'superadmin')),
    registered_on  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Login is by email, so email is unique platform-wide (case-insensitively).
CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email));
CREATE INDEX app_user_tenant_idx ON app_user (tenant_id, registered_on DESC);

-- Refresh tokens rotate: each use marks the row used and issues a successor in the same family. A used token
-- presented again means theft, and revokes the whole family.
CREATE TABLE refresh_token (
    id          BIGSERIAL PRIMARY KEY,
    token_hash  TEXT        NOT NULL UNIQUE,           -- SHA-256 hex of the opaque token
    family_id   TEXT        NOT NULL,
    user_id     BIGINT      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    issued_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX refresh_token_family_idx ON refresh_token (family_id);

-- Access tokens revoked by logout, until they would have expired anyway.
CREATE TABLE revoked_access_token (
    jti         TEXT        PRIMARY KEY,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX revoked_access_token_expiry_idx ON revoked_access_token (expires_at);

-- Failed logins per account (by normalised email, known or not), for the lockout window.
CREATE TABLE login_failure (
    email_key   TEXT        NOT NULL,
    failed_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX login_failure_email_idx ON login_failure (email_key, failed_at);

CREATE TABLE api_token (
    id            BIGSERIAL PRIMARY KEY,
    public_id     TEXT        NOT NULL UNIQUE,
    user_id       BIGINT      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name          TEXT        NOT NULL,
    token_hash    TEXT        NOT NULL UNIQUE,         -- SHA-256 hex of the full plaintext (fl_…)
    scopes        TEXT[]      NOT NULL DEFAULT '{}',
    expires_at    TIMESTAMPTZ,
    last_used_at  TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX api_token_user_idx ON api_token (user_id, created_at DESC);

CREATE TABLE audit_event (
    id               BIGSERIAL PRIMARY KEY,
    public_id        TEXT        NOT NULL UNIQUE,
    tenant_id        BIGINT      REFERENCES tenant (id) ON DELETE CASCADE,   -- null when no tenant is known
    actor            TEXT,                                                  -- user public id, or null
    credential_kind  TEXT,
    action           TEXT        NOT NULL,
    target           TEXT,
    outcome          TEXT        NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
    client_ip        TEXT,
    request_id       TEXT,
    occurred_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX audit_event_tenant_time_idx ON audit_event (tenant_id, occurred_at DESC);

-- Seed 000 /logging: an application log that doubles as a notice board (read/unread).
CREATE TABLE log_entry (
    id              BIGSERIAL PRIMARY KEY,
    public_id       TEXT        NOT NULL UNIQUE,
    tenant_id       BIGINT      NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    content         TEXT        NOT NULL,
    logging_type    TEXT        NOT NULL DEFAULT 'info' CHECK (logging_type IN ('info', 'warning', 'error')),
    status_type     TEXT        NOT NULL DEFAULT 'unread' CHECK (status_type IN ('read', 'unread')),
    user_public_id  TEXT,
    created_on      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX log_entry_tenant_time_idx ON log_entry (tenant_id, created_on DESC);
