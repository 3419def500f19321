-- Events (channels, seed 000): what a datapoint measures or commands. Rows belong to a tenant; names are unique
-- within it, not platform-wide.
CREATE TABLE event (
    id              bigserial PRIMARY KEY,
    public_id       text NOT NULL UNIQUE,
    tenant_id       text NOT NULL,
    name            text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    min_value       double precision NOT NULL,
    max_value       double precision NOT NULL,
    unit            text NOT NULL CHECK (char_length(unit) BETWEEN 1 AND 255),
    type            text NOT NULL
                    CHECK (type IN ('sensor', 'actuator', 'range', 'cmd_button', 'cmd_opened', 'cmd_closed')),
    user_public_id  text,
    created_on      timestamptz NOT NULL DEFAULT now(),
    updated_on      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT event_tenant_name_key UNIQUE (tenant_id, name),
    CONSTRAINT event_range_check CHECK (min_value <= max_value)
);

-- The list: one tenant's events, newest first (ORDER BY created_on DESC, id DESC with LIMIT/OFFSET).
CREATE INDEX event_tenant_created_idx ON event (tenant_id, created_on DESC, id DESC);
