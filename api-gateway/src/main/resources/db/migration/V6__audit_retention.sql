-- The audit trail is kept for fieldline.audit.retention (audit.AuditRetention deletes older events in batches); this
-- index finds them without reading the whole table.
CREATE INDEX audit_event_time_idx ON audit_event (occurred_at);
