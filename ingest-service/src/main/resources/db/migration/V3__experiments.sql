CREATE TABLE experiment (id bigserial PRIMARY KEY, public_id text NOT NULL UNIQUE, tenant_id text NOT NULL,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255), started_on timestamptz NOT NULL DEFAULT now(),
  stopped_on timestamptz, user_public_id text, created_on timestamptz NOT NULL DEFAULT now(), updated_on timestamptz NOT NULL DEFAULT now());
