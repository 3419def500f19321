package io.fieldline.webhook.delivery.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.PublicIds;
import io.fieldline.model.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The durable retry schedule: deliveries are created by fan-out, leased by dispatchers with
 * {@code FOR UPDATE SKIP LOCKED} (so replicas share the table without taking the same row), and updated with each
 * attempt's outcome. A lease expires, so a delivery whose replica died mid-attempt is taken over.
 */
@ApplicationScoped
public class DeliveryStore {

    // One row per enabled subscription of the tenant listing the type; the unique (webhook_id, source_key) makes a
    // redelivered source record insert nothing.
    private static final String FAN_OUT = """
            INSERT INTO delivery (public_id, tenant_id, webhook_id, message_id, event_type, payload, source_key)
            SELECT gen_random_uuid()::text, w.tenant_id, w.id, $3, $2, $4, $5
            FROM webhook w WHERE w.tenant_id = $1 AND w.enabled AND $2 = ANY (w.events)
            ON CONFLICT (webhook_id, source_key) DO NOTHING""";
    // sensor.reading: the throttle row moves forward only when the window has passed, and the deliveries are created
    // only then, in one statement (so a crash cannot leave the throttle moved without deliveries).
    private static final String FAN_OUT_THROTTLED = """
            WITH throttle AS (
                INSERT INTO reading_throttle (tenant_id, event_id, last_sent) VALUES ($1, $6, $7)
                ON CONFLICT (tenant_id, event_id) DO UPDATE SET last_sent = EXCLUDED.last_sent
                WHERE reading_throttle.last_sent <= EXCLUDED.last_sent - $8 * interval '1 millisecond'
                RETURNING 1)
            INSERT INTO delivery (public_id, tenant_id, webhook_id, message_id, event_type, payload, source_key)
            SELECT gen_random_uuid()::text, w.tenant_id, w.id, $3, $2, $4, $5
            FROM webhook w WHERE w.tenant_id = $1 AND w.enabled AND $2 = ANY (w.events)
              AND EXISTS (SELECT 1 FROM throttle)
            ON CONFLICT (webhook_id, source_key) DO NOTHING""";
    private static final String HAS_SUBSCRIBERS = """
            SELECT EXISTS (SELECT 1 FROM webhook WHERE tenant_id = $1 AND enabled AND $2 = ANY (events))""";
    private static final String INSERT_ONE = """
            INSERT INTO delivery (public_id, tenant_id, webhook_id, message_id, event_type, payload, source_key)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""";
    private static final String LEASE = """
            WITH due AS (
                SELECT d.id FROM delivery d JOIN webhook w ON w.id = d.webhook_id
                WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= now()
                  AND (d.lease_until IS NULL OR d.lease_until < now())
                  AND w.enabled AND NOT w.paused AND NOT (d.webhook_id = ANY ($2))
                  AND NOT EXISTS (SELECT 1 FROM tenant_config t WHERE t.tenant_id = d.tenant_id AND t.paused)
                ORDER BY d.next_attempt_at
                LIMIT $1
                FOR UPDATE OF d SKIP LOCKED)
            UPDATE delivery d SET lease_until = now() + $3 * interval '1 millisecond',
                lease_token = gen_random_uuid(), attempts = d.attempts + 1
            FROM due, webhook w
            WHERE d.id = due.id AND w.id = d.webhook_id
            RETURNING d.id, d.public_id, d.tenant_id, w.id, w.public_id, d.message_id, d.event_type, d.payload,
                d.attempts, w.url, w.secret_enc, w.previous_secret_enc, w.previous_secret_until, w.retry_schedule,
                d.lease_token, w.failing_since IS NOT NULL""";
    // Hands leased rows back untouched (this replica had no free slot for them).
    private static final String RELEASE = """
            UPDATE delivery SET lease_until = NULL, lease_token = NULL, attempts = attempts - 1
            WHERE id = ANY ($1) AND lease_token IS NOT NULL""";
    // Outcomes, attempt log and the subscriptions' failing state of a batch of attempts in one round trip (and one
    // commit); an outcome whose lease was lost (another replica took the delivery over) changes nothing.
    private static final String RECORD = """
            WITH o AS (
                SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::bigint[],
                    $7::timestamptz[], $8::int[], $9::text[], $10::bool[], $11::bool[])
                    AS o(id, token, status, code, error, delay, at, dur, excerpt, ok, gone)),
            upd AS (
                UPDATE delivery d SET status = o.status, response_code = o.code, last_error = o.error,
                    delivered_on = CASE WHEN o.status = 'delivered' THEN now() END,
                    dead_lettered_on = CASE WHEN o.status = 'dead_letter' THEN now() END,
                    next_attempt_at = CASE WHEN o.status = 'failed' THEN now() + o.delay * interval '1 millisecond'
                        ELSE d.next_attempt_at END,
                    lease_until = NULL, lease_token = NULL
                FROM o WHERE d.id = o.id AND d.lease_token = o.token
                RETURNING d.id, d.webhook_id, d.attempts, o.at, o.code, o.dur, o.error, o.excerpt, o.ok, o.gone),
            att AS (
                INSERT INTO delivery_attempt (delivery_id, attempt, attempted_at, response_code, duration_ms, error,
                    response_excerpt)
                SELECT id, attempts, at, code, dur, error, excerpt FROM upd
                ON CONFLICT DO NOTHING),
            hooks AS (
                SELECT webhook_id, bool_or(ok) AS ok, bool_or(gone) AS gone FROM upd GROUP BY webhook_id)
            UPDATE webhook w SET
                failing_since = CASE WHEN h.ok THEN NULL ELSE coalesce(w.failing_since, now()) END,
                enabled = CASE WHEN h.gone THEN false ELSE w.enabled END,
                disabled_reason = CASE WHEN h.gone AND w.enabled THEN 'gone' ELSE w.disabled_reason END,
                disabled_announced = CASE WHEN h.gone AND w.enabled THEN false ELSE w.disabled_announced END
            FROM hooks h
            WHERE w.id = h.webhook_id
              AND ((h.gone AND w.enabled) OR (h.ok AND w.failing_since IS NOT NULL)
                   OR (NOT h.ok AND w.failing_since IS NULL))""";

    private final Pool pool;

    DeliveryStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Creates one delivery per enabled subscription of the tenant whose events include the type; emits how many were
     * created (0 also when the source record was seen before).
     */
    public Uni<Integer> fanOut(TenantId tenant, String eventType, String messageId, String payload,
            String sourceKey) {
        return pool.preparedQuery(FAN_OUT)
                .execute(Tuple.of(tenant.value(), eventType, messageId, payload, sourceKey))
                .map(RowSet::rowCount);
    }

    /**
     * Like {@link #fanOut}, but only when the tenant's last delivery of this type for {@code eventId} was at least
     * {@code window} before {@code time}.
     */
    public Uni<Integer> fanOutThrottled(TenantId tenant, String eventType, String messageId, String payload,
            String sourceKey, String eventId, Instant time, Duration window) {
        Tuple values = Tuple.tuple().addString(tenant.value()).addString(eventType).addString(messageId)
                .addString(payload).addString(sourceKey).addString(eventId)
                .addOffsetDateTime(OffsetDateTime.ofInstant(time, ZoneOffset.UTC)).addLong(window.toMillis());
        return pool.preparedQuery(FAN_OUT_THROTTLED).execute(values).map(RowSet::rowCount);
    }

    /** Whether any enabled subscription of the tenant lists the type. */
    public Uni<Boolean> hasSubscribers(TenantId tenant, String eventType) {
        return pool.preparedQuery(HAS_SUBSCRIBERS).execute(Tuple.of(tenant.value(), eventType))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Creates one delivery for one subscription (test events, redeliveries); emits its public id. */
    public Uni<String> insertOne(TenantId tenant, long webhookId, String messageId, String eventType, String payload,
            String sourceKey) {
        String publicId = PublicIds.newId();
        return pool.preparedQuery(INSERT_ONE).execute(Tuple.tuple().addString(publicId).addString(tenant.value())
                .addLong(webhookId).addString(messageId).addString(eventType).addString(payload)
                .addString(sourceKey)).replaceWith(publicId);
    }

    /**
     * Leases up to {@code limit} due deliveries of enabled, unpaused subscriptions of unpaused tenants, oldest due
     * first, skipping rows other replicas hold and the subscriptions in {@code excluded}.
     */
    public Uni<List<LeasedDelivery>> lease(int limit, List<Long> excluded, Duration leaseDuration) {
        Tuple values = Tuple.tuple().addInteger(limit).addArrayOfLong(excluded.toArray(Long[]::new))
                .addLong(leaseDuration.toMillis());
        return pool.preparedQuery(LEASE).execute(values).map(DeliveryStore::leased);
    }

    /** Gives leased deliveries back without an attempt. */
    public Uni<Void> release(List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(RELEASE).execute(Tuple.of(ids.toArray(Long[]::new))).replaceWithVoid();
    }

    /** Records the outcomes of a batch of attempts, for the deliveries whose lease this replica still holds. */
    public Uni<Void> record(List<LeasedDelivery> deliveries, List<AttemptOutcome> outcomes) {
        int n = deliveries.size();
        Long[] ids = new Long[n];
        UUID[] tokens = new UUID[n];
        String[] statuses = new String[n];
        Integer[] codes = new Integer[n];
        String[] errors = new String[n];
        Long[] delays = new Long[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        Integer[] durations = new Integer[n];
        String[] excerpts = new String[n];
        Boolean[] delivered = new Boolean[n];
        Boolean[] gone = new Boolean[n];
        for (int i = 0; i < n; i++) {
            LeasedDelivery delivery = deliveries.get(i);
            AttemptOutcome outcome = outcomes.get(i);
            ids[i] = delivery.id();
            tokens[i] = delivery.leaseToken();
            statuses[i] = outcome.status();
            codes[i] = outcome.responseCode();
            errors[i] = outcome.error();
            delays[i] = outcome.retryDelayMillis();
            times[i] = OffsetDateTime.ofInstant(outcome.attemptedAt(), ZoneOffset.UTC);
            durations[i] = outcome.durationMillis();
            excerpts[i] = outcome.excerpt();
            delivered[i] = outcome.delivered();
            gone[i] = outcome.gone();
        }
        Tuple values = Tuple.tuple().addArrayOfLong(ids).addArrayOfUUID(tokens).addArrayOfString(statuses)
                .addArrayOfInteger(codes).addArrayOfString(errors).addArrayOfLong(delays)
                .addArrayOfOffsetDateTime(times).addArrayOfInteger(durations).addArrayOfString(excerpts)
                .addArrayOfBoolean(delivered).addArrayOfBoolean(gone);
        return pool.preparedQuery(RECORD).execute(values).replaceWithVoid();
    }

    private static List<LeasedDelivery> leased(RowSet<Row> rows) {
        List<LeasedDelivery> leased = new ArrayList<>(rows.rowCount());
        for (Row row : rows) {
            Integer[] schedule = row.getArrayOfIntegers(13);
            OffsetDateTime previousUntil = row.getOffsetDateTime(12);
            leased.add(new LeasedDelivery(row.getLong(0), row.getString(1), TenantId.of(row.getString(2)),
                    row.getLong(3), row.getString(4), row.getString(5), row.getString(6), row.getString(7),
                    row.getInteger(8), row.getString(9), bytes(row.getBuffer(10)), bytes(row.getBuffer(11)),
                    previousUntil == null ? null : previousUntil.toInstant(),
                    schedule == null ? null : Arrays.asList(schedule), row.getUUID(14), row.getBoolean(15)));
        }
        return leased;
    }

    private static byte[] bytes(io.vertx.mutiny.core.buffer.Buffer buffer) {
        return buffer == null ? null : buffer.getBytes();
    }

}
