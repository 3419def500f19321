-- Experiments (seed 000): a named run; creating one starts it (started_on), stopping sets stopped_on. Datapoints
-- accepted while an experiment runs carry its public id (the intake tags them; the storage writer keeps the tag).
CREATE TABLE experiment (
    id              bigserial PRIMARY KEY,
    public_id       text NOT NULL UNIQUE,
    tenant_id       text NOT NULL,
    name            text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    started_on      timestamptz NOT NULL DEFAULT now(),
    stopped_on      timestamptz,
    user_public_id  text,
    created_on      timestamptz NOT NULL DEFAULT now(),
    updated_on      timestamptz NOT NULL DEFAULT now()
);

-- The list: one tenant's experiments, newest first (ORDER BY created_on DESC, id DESC with LIMIT/OFFSET).
CREATE INDEX experiment_tenant_created_idx ON experiment (tenant_id, created_on DESC, id DESC);

-- "The running experiment of a tenant", looked up by every datapoint request: the most recently started one with
-- stopped_on null. Partial, so it holds only running experiments and stays tiny.
CREATE INDEX experiment_tenant_running_idx ON experiment (tenant_id, started_on DESC, id DESC)
    WHERE stopped_on IS NULL;
