-- Log entries are kept for fieldline.logging.retention (retention.Retentions deletes older ones in batches);
-- this index finds them without reading the whole table.
CREATE INDEX log_entry_time_idx ON log_entry (created_on);
