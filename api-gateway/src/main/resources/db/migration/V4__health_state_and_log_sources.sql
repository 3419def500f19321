-- The platform's overall health as last announced on fieldline.activity.v1 (one row). Gateway replicas change it
-- with SELECT … FOR UPDATE SKIP LOCKED inside the transaction that publishes system.health_changed, so each change
-- is announced by one replica only. 'unknown' until the first replica has measured.
CREATE TABLE platform_health (
    id          SMALLINT    PRIMARY KEY CHECK (id = 1),
    status      TEXT        NOT NULL CHECK (status IN ('unknown', 'ok', 'degraded')),
    changed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO platform_health (id, status) VALUES (1, 'unknown');

-- Log entries written from Kafka records name the record they came from, so a redelivered record adds nothing.
ALTER TABLE log_entry ADD COLUMN source_key TEXT;
CREATE UNIQUE INDEX log_entry_source_key ON log_entry (tenant_id, source_key) WHERE source_key IS NOT NULL;
