-- Seed 000 dashboards and their widgets. A dashboard belongs to one user of one tenant; is_global makes it
-- visible (not editable) to every member of that tenant.
CREATE TABLE dashboard (
    id              BIGSERIAL PRIMARY KEY,
    public_id       TEXT        NOT NULL UNIQUE,
    tenant_id       BIGINT      NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    name            TEXT        NOT NULL,
    is_global       BOOLEAN     NOT NULL DEFAULT false,
    user_public_id  TEXT        NOT NULL,               -- the owner
    created_on      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX dashboard_tenant_time_idx ON dashboard (tenant_id, created_on DESC);

CREATE TABLE dashboard_widget (
    id               BIGSERIAL PRIMARY KEY,
    public_id        TEXT    NOT NULL UNIQUE,
    dashboard_id     BIGINT  NOT NULL REFERENCES dashboard (id) ON DELETE CASCADE,
    widget_type      TEXT    NOT NULL CHECK (widget_type IN ('line_chart', 'gauge', 'stat_card', 'actuator_toggle')),
    title            TEXT    NOT NULL,
    event_public_id  TEXT,                               -- an ingest-service event of the same tenant, checked on write
    x                INTEGER NOT NULL,
    y                INTEGER NOT NULL,
    w                INTEGER NOT NULL CHECK (w BETWEEN 1 AND 12),
    h                INTEGER NOT NULL CHECK (h BETWEEN 1 AND 12),
    config_json      TEXT
);
CREATE INDEX dashboard_widget_dashboard_idx ON dashboard_widget (dashboard_id, id);
