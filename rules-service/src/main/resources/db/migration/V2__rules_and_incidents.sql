-- Rules (seed 000 "Event Engine LITE" plus Fieldline's kinds and hysteresis). A deleted rule keeps its row
-- (deleted_on set) so its incidents keep their history and other replicas notice the deletion by polling updated_on.
CREATE TABLE rule (
    id                  bigserial PRIMARY KEY,
    public_id           text NOT NULL UNIQUE,
    tenant_id           text NOT NULL,
    name                text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    event_public_id     text NOT NULL,
    kind                text NOT NULL DEFAULT 'threshold'
                        CHECK (kind IN ('threshold', 'stale', 'rate_of_change', 'anomaly')),
    operator            text CHECK (operator IN ('gt', 'lt', 'gte', 'lte', 'eq', 'between', 'not_between')),
    threshold           double precision,
    threshold_high      double precision,
    action_type         text NOT NULL CHECK (action_type IN ('webhook', 'log')),
    webhook_event_type  text,
    enabled             boolean NOT NULL DEFAULT true,
    cooldown_seconds    integer NOT NULL DEFAULT 60 CHECK (cooldown_seconds >= 0),
    severity            text NOT NULL DEFAULT 'warning'
                        CHECK (severity IN ('info', 'warning', 'critical', 'life_safety')),
    deadband            double precision NOT NULL DEFAULT 0 CHECK (deadband >= 0),
    delay_seconds       integer NOT NULL DEFAULT 0 CHECK (delay_seconds >= 0),
    window_seconds      integer CHECK (window_seconds > 0),
    window_size         integer CHECK (window_size > 1),
    stale_seconds       integer CHECK (stale_seconds > 0),
    last_triggered_at   timestamptz,
    user_public_id      text,
    created_on          timestamptz NOT NULL DEFAULT now(),
    updated_on          timestamptz NOT NULL DEFAULT now(),
    deleted_on          timestamptz
);
CREATE UNIQUE INDEX rule_tenant_name_key ON rule (tenant_id, name) WHERE deleted_on IS NULL;
CREATE INDEX rule_tenant_created_idx ON rule (tenant_id, created_on DESC, id DESC) WHERE deleted_on IS NULL;
CREATE INDEX rule_tenant_event_idx ON rule (tenant_id, event_public_id) WHERE deleted_on IS NULL;
-- Every replica polls for rules changed since its watermark (engine.RuleCache).
CREATE INDEX rule_updated_idx ON rule (updated_on);

-- Incidents (seed 002 alarms). At most one open incident per rule (a rule watches exactly one event).
CREATE TABLE incident (
    id                  bigserial PRIMARY KEY,
    public_id           text NOT NULL UNIQUE,
    tenant_id           text NOT NULL,
    rule_id             bigint NOT NULL REFERENCES rule (id),
    event_public_id     text NOT NULL,
    status              text NOT NULL
                        CHECK (status IN ('active', 'acknowledged', 'shelved', 'cleared', 'resolved')),
    severity            text NOT NULL,
    first_value         double precision,
    last_value          double precision,
    peak_value          double precision,
    count               bigint NOT NULL DEFAULT 1,
    raised_at           timestamptz NOT NULL,
    last_seen_at        timestamptz NOT NULL,
    acknowledged_at     timestamptz,
    acknowledged_by     text,
    acknowledged_note   text,
    shelved_until       timestamptz,
    shelved_by          text,
    -- What unshelving returns to (active or acknowledged).
    status_before_shelve text,
    cleared_at          timestamptz,
    resolved_at         timestamptz,
    resolved_by         text,
    resolved_note       text,
    updated_on          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX incident_open_key ON incident (rule_id) WHERE status IN ('active', 'acknowledged', 'shelved');
CREATE INDEX incident_tenant_raised_idx ON incident (tenant_id, raised_at DESC, id DESC);
CREATE INDEX incident_shelf_expiry_idx ON incident (shelved_until) WHERE status = 'shelved';

-- The history of every incident: one row per transition, with its time, value and actor.
CREATE TABLE incident_transition (
    id              bigserial PRIMARY KEY,
    incident_id     bigint NOT NULL REFERENCES incident (id),
    transition      text NOT NULL,
    from_status     text,
    to_status       text NOT NULL,
    value           double precision,
    actor           text,
    note            text,
    occurred_at     timestamptz NOT NULL
);
CREATE INDEX incident_transition_incident_idx ON incident_transition (incident_id, id);

-- Transitions caused by the engine or by timers, written in the transaction that made them and relayed to
-- fieldline.incidents.v1 by incident.service.OutboxRelay (at least once).
CREATE TABLE outbox (
    id          bigserial PRIMARY KEY,
    record_key  text NOT NULL,
    tenant_id   text NOT NULL,
    payload     text NOT NULL,
    created_on  timestamptz NOT NULL DEFAULT now()
);

-- Evaluation state per rule (inside/outside, pending delay, cooldown, rolling windows), written together with the
-- datapoints partition position it reflects, so a restart or rebalance resumes exactly where the last commit was.
CREATE TABLE rule_state (
    rule_id     bigint PRIMARY KEY REFERENCES rule (id),
    partition   integer NOT NULL,
    state       text NOT NULL,
    updated_on  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rule_state_partition_idx ON rule_state (partition);

-- Next datapoints offset to evaluate per partition; advanced only by a writer that read the previous value (fence).
CREATE TABLE consumer_position (
    partition   integer PRIMARY KEY,
    next_offset bigint NOT NULL
);
