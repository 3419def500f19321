-- Every ingest replica remembers which event ids exist and which experiment runs, per tenant
-- (intake.store.IntakeCache), and forgets it all when told that either changed. NOTIFY is delivered at commit, so no
-- replica hears of a change that rolled back. New events need no notification (an id not remembered is looked up);
-- renaming one changes nothing the intake reads.
CREATE FUNCTION notify_intake_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('fieldline_intake', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER event_intake_changed AFTER UPDATE OF public_id, tenant_id OR DELETE OR TRUNCATE ON event
    FOR EACH STATEMENT EXECUTE FUNCTION notify_intake_changed();
CREATE TRIGGER experiment_intake_changed
    AFTER INSERT OR UPDATE OF tenant_id, public_id, started_on, stopped_on OR DELETE OR TRUNCATE ON experiment
    FOR EACH STATEMENT EXECUTE FUNCTION notify_intake_changed();
