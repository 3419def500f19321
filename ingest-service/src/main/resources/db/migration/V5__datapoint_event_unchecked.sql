-- The datapoint rows no longer carry a foreign key to event. Checked per row, it cost the writer about as much
-- PostgreSQL time as storing the row with its indexes (each check locks the event row, and two writers locking the
-- same events create multixacts): a COPY of 200,000 rows took 5.3-6.0 s with it, 2.9 s without. What it guarded is
-- kept by one lock protocol instead (storage.BatchStore, event.store.EventStore): the writer takes an advisory
-- lock per event (the event's id) and checks, after taking it, which of its events still exist; an event's delete
-- takes the same lock and deletes its datapoints itself. The rollup and latest tables keep their foreign keys: they
-- are written once per event per flush, not per datapoint.
ALTER TABLE datapoint DROP CONSTRAINT datapoint_event_id_fkey;
