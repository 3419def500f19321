-- Datapoints: written in batches by storage.DatapointWriter from fieldline.datapoints.v1, read by datapoint.* and
-- export.*. Partitioned by day on the device timestamp so retention drops whole partitions instead of deleting rows;
-- the partitions themselves are created (ahead and on demand) and dropped by storage.DatapointPartitions.
CREATE SEQUENCE datapoint_id_seq CACHE 1000;

CREATE TABLE datapoint (
    -- Internal order: the writer reserves ids from datapoint_id_seq in acceptance order, so among points with the
    -- same timestamp the highest id is the last one received (seed 000's tie-break for "latest").
    id                   bigint NOT NULL,
    event_id             bigint NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    tenant_id            text NOT NULL,
    public_id            uuid NOT NULL,
    value                double precision NOT NULL,
    timestamp            timestamptz NOT NULL,
    quality              text NOT NULL,
    experiment_public_id text,
    -- Acceptance time (from the Kafka record) and the writer's flush time: stored_at - received_at is the
    -- acceptance-to-stored lag the benchmarks report.
    received_at          timestamptz NOT NULL,
    stored_at            timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (timestamp);

-- Only the indexes the queries need: every index costs insert speed (STACK.md).
-- GET /datapoints (tenant, newest first) and its total.
CREATE INDEX datapoint_tenant_time_idx ON datapoint (tenant_id, timestamp, id);
-- POST /datapoints/series, event deletion (cascade), rollup recomputation after a delete.
CREATE INDEX datapoint_event_time_idx ON datapoint (event_id, timestamp);
-- GET/DELETE /datapoints/{public_id}.
CREATE INDEX datapoint_public_id_idx ON datapoint (public_id);
-- CSV export of an experiment; partial, so untagged points cost nothing here.
CREATE INDEX datapoint_experiment_idx ON datapoint (experiment_public_id, timestamp, id)
    WHERE experiment_public_id IS NOT NULL;

-- One-minute rollups, maintained by the writer in the transaction that stores the rows (and recomputed for a bucket
-- when a datapoint is deleted). GET /datapoints/aggregate reads only this table.
CREATE TABLE datapoint_rollup_1m (
    event_id bigint NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    bucket   timestamptz NOT NULL,
    min      double precision NOT NULL,
    max      double precision NOT NULL,
    sum      double precision NOT NULL,
    count    bigint NOT NULL,
    PRIMARY KEY (event_id, bucket)
);

-- The latest datapoint per event (highest timestamp, then highest id), written once per event per flush.
CREATE TABLE datapoint_latest (
    event_id             bigint PRIMARY KEY REFERENCES event (id) ON DELETE CASCADE,
    tenant_id            text NOT NULL,
    datapoint_id         bigint NOT NULL,
    public_id            uuid NOT NULL,
    value                double precision NOT NULL,
    timestamp            timestamptz NOT NULL,
    quality              text NOT NULL,
    experiment_public_id text
);
CREATE INDEX datapoint_latest_tenant_idx ON datapoint_latest (tenant_id);

-- The next Kafka offset to read per partition, written in the same transaction as the rows it covers: the writer
-- seeks here on assignment, so a redelivered record is never stored twice (exactly once into PostgreSQL).
CREATE TABLE datapoint_writer_offset (
    consumer_group text NOT NULL,
    topic          text NOT NULL,
    partition      int NOT NULL,
    next_offset    bigint NOT NULL,
    updated_on     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition)
);
