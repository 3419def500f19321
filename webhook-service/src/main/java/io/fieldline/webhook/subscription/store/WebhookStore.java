package io.fieldline.webhook.subscription.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/** The {@code webhook} rows of a tenant and the tenant's switches; every statement is scoped by {@code tenant_id}. */
@ApplicationScoped
public class WebhookStore {

    private static final String COLUMNS = """
            id, public_id, url, events, enabled, paused, retry_schedule, user_public_id, created_on, updated_on,
            failing_since, disabled_reason""";
    private static final String INSERT = """
            INSERT INTO webhook (public_id, tenant_id, url, events, enabled, paused, retry_schedule, secret_enc,
                user_public_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (tenant_id, url) DO NOTHING
            RETURNING""" + " " + COLUMNS;
    private static final String COUNT = "SELECT count(*) FROM webhook WHERE tenant_id = $1";
    private static final String PAGE = "SELECT " + COLUMNS + " " + """
            FROM webhook WHERE tenant_id = $1 ORDER BY created_on DESC, id DESC LIMIT $2 OFFSET $3""";
    private static final String FIND = "SELECT " + COLUMNS + " FROM webhook WHERE tenant_id = $1 AND public_id = $2";
    // A null parameter keeps the stored value. Enabling clears what made the platform disable it; a new secret
    // ends any rotation grace.
    private static final String UPDATE = """
            UPDATE webhook SET url = coalesce($3, url), events = coalesce($4, events),
                enabled = coalesce($5, enabled), paused = coalesce($6, paused),
                retry_schedule = CASE WHEN $7 THEN $8 ELSE retry_schedule END,
                secret_enc = coalesce($9, secret_enc),
                previous_secret_enc = CASE WHEN $9 IS NULL THEN previous_secret_enc END,
                previous_secret_until = CASE WHEN $9 IS NULL THEN previous_secret_until END,
                failing_since = CASE WHEN $5 THEN NULL ELSE failing_since END,
                disabled_reason = CASE WHEN $5 THEN NULL ELSE disabled_reason END,
                updated_on = now()
            WHERE tenant_id = $1 AND public_id = $2
            RETURNING""" + " " + COLUMNS;
    private static final String ROTATE = """
            UPDATE webhook SET previous_secret_enc = secret_enc, previous_secret_until = $4, secret_enc = $3,
                updated_on = now()
            WHERE tenant_id = $1 AND public_id = $2
            RETURNING""" + " " + COLUMNS;
    private static final String DELETE = "DELETE FROM webhook WHERE tenant_id = $1 AND public_id = $2";
    private static final String TENANT_PAUSED = "SELECT paused FROM tenant_config WHERE tenant_id = $1";
    private static final String SET_TENANT_PAUSED = """
            INSERT INTO tenant_config (tenant_id, paused) VALUES ($1, $2)
            ON CONFLICT (tenant_id) DO UPDATE SET paused = EXCLUDED.paused, updated_on = now()""";

    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;

    WebhookStore(Pool pool) {
        this.pool = pool;
    }

    /** Inserts a subscription; emits it, or empty when the tenant already has one for that URL. */
    public Uni<Optional<StoredWebhook>> insert(TenantId tenant, String publicId, WebhookFields fields,
            String userPublicId) {
        Tuple values = Tuple.tuple().addString(publicId).addString(tenant.value()).addString(fields.url())
                .addArrayOfString(fields.events().toArray(String[]::new)).addBoolean(fields.enabled())
                .addBoolean(fields.paused()).addArrayOfInteger(schedule(fields.retrySchedule()))
                .addValue(Buffer.buffer(fields.secretEnc()))
                .addString(userPublicId);
        return pool.preparedQuery(INSERT).execute(values).map(WebhookStore::first);
    }

    /** How many subscriptions the tenant has. */
    public Uni<Long> count(TenantId tenant) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(tenant.value()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** One page of the tenant's subscriptions, newest first. */
    public Uni<List<StoredWebhook>> page(TenantId tenant, int limit, long offset) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(tenant.value(), limit, offset)).map(WebhookStore::all);
    }

    /** The tenant's subscription with that public id. */
    public Uni<Optional<StoredWebhook>> find(TenantId tenant, String publicId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenant.value(), publicId)).map(WebhookStore::first);
    }

    /**
     * Changes the non-null fields; emits the subscription as changed, or empty when it does not exist. Fails with a
     * {@link PgException} that {@link #isDuplicateUrl} recognises when the URL is taken.
     *
     * @param setSchedule whether {@code retrySchedule} replaces the stored one (null then means the default)
     */
    public Uni<Optional<StoredWebhook>> update(TenantId tenant, String publicId, WebhookFields changes,
            boolean setSchedule) {
        Tuple values = Tuple.tuple().addString(tenant.value()).addString(publicId).addString(changes.url())
                .addArrayOfString(changes.events() == null ? null : changes.events().toArray(String[]::new))
                .addBoolean(changes.enabled()).addBoolean(changes.paused()).addBoolean(setSchedule)
                .addArrayOfInteger(schedule(changes.retrySchedule()))
                .addValue(changes.secretEnc() == null ? null
                        : Buffer.buffer(changes.secretEnc()));
        return pool.preparedQuery(UPDATE).execute(values).map(WebhookStore::first);
    }

    /** Makes {@code secretEnc} the secret and keeps the current one signing until {@code graceUntil}. */
    public Uni<Optional<StoredWebhook>> rotate(TenantId tenant, String publicId, byte[] secretEnc,
            Instant graceUntil) {
        Tuple values = Tuple.of(tenant.value(), publicId, Buffer.buffer(secretEnc),
                OffsetDateTime.ofInstant(graceUntil, ZoneOffset.UTC));
        return pool.preparedQuery(ROTATE).execute(values).map(WebhookStore::first);
    }

    /** Deletes the subscription with its deliveries; emits whether it existed. */
    public Uni<Boolean> delete(TenantId tenant, String publicId) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(tenant.value(), publicId))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Whether the tenant paused all its deliveries. */
    public Uni<Boolean> tenantPaused(TenantId tenant) {
        return pool.preparedQuery(TENANT_PAUSED).execute(Tuple.of(tenant.value()))
                .map(rows -> rows.rowCount() > 0 && rows.iterator().next().getBoolean(0));
    }

    /** Pauses or resumes all deliveries of the tenant. */
    public Uni<Void> setTenantPaused(TenantId tenant, boolean paused) {
        return pool.preparedQuery(SET_TENANT_PAUSED).execute(Tuple.of(tenant.value(), paused)).replaceWithVoid();
    }

    /** Whether a write failed because the tenant already has a subscription for that URL. */
    public static boolean isDuplicateUrl(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }

    private static Integer[] schedule(List<Integer> seconds) {
        return seconds == null ? null : seconds.toArray(Integer[]::new);
    }

    private static Optional<StoredWebhook> first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(webhook(rows.iterator().next()));
    }

    private static List<StoredWebhook> all(RowSet<Row> rows) {
        List<StoredWebhook> webhooks = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> webhooks.add(webhook(row)));
        return webhooks;
    }

    private static StoredWebhook webhook(Row row) {
        Integer[] schedule = row.getArrayOfIntegers(6);
        return new StoredWebhook(row.getLong(0), row.getString(1), row.getString(2),
                List.of(row.getArrayOfStrings(3)), row.getBoolean(4), row.getBoolean(5),
                schedule == null ? null : Arrays.asList(schedule), row.getString(7), instant(row.getOffsetDateTime(8)),
                instant(row.getOffsetDateTime(9)), instant(row.getOffsetDateTime(10)), row.getString(11));
    }

    static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
