-- Every gateway replica caches what authentication reads (identity.IdentityCache) and empties its cache when told
-- that any of it changed. NOTIFY is delivered at commit, so no replica hears of a change that rolled back; the
-- triggers are per statement, so one fires even when no row matched (a replica that waits for the notification of
-- its own write always gets one). api_token's last_used_at (written in batches) changes nothing authentication reads.
CREATE FUNCTION notify_identity_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('fieldline_identity', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER tenant_identity_changed AFTER UPDATE OR DELETE OR TRUNCATE ON tenant
    FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_changed();
CREATE TRIGGER app_user_identity_changed AFTER UPDATE OR DELETE OR TRUNCATE ON app_user
    FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_changed();
CREATE TRIGGER api_token_identity_changed
    AFTER UPDATE OF user_id, token_hash, scopes, expires_at OR DELETE OR TRUNCATE ON api_token
    FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_changed();
CREATE TRIGGER revoked_access_token_identity_changed AFTER INSERT ON revoked_access_token
    FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_changed();
