package io.fieldline.webhook.delivery.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** The delivery log of a tenant, and the operations that re-send from it; every statement is tenant-scoped. */
@ApplicationScoped
public class DeliveryLogStore {

    private static final String COLUMNS = """
            d.id, d.public_id, w.public_id, d.message_id, d.event_type, d.status, d.attempts, d.last_error,
            d.response_code, d.created_on, d.delivered_on, d.next_attempt_at, d.payload""";
    // $2: a subscription's public id or null for all; $3: a status or null for all.
    private static final String FILTER = " FROM delivery d JOIN webhook w ON w.id = d.webhook_id"
            + " WHERE d.tenant_id = $1 AND ($2::text IS NULL OR w.public_id = $2)"
            + " AND ($3::text IS NULL OR d.status = $3)";
    private static final String COUNT = "SELECT count(*)" + FILTER;
    private static final String PAGE = "SELECT " + COLUMNS + FILTER
            + " ORDER BY d.created_on DESC, d.id DESC LIMIT $4 OFFSET $5";
    private static final String FIND = "SELECT " + COLUMNS + " " + """
            FROM delivery d JOIN webhook w ON w.id = d.webhook_id WHERE d.tenant_id = $1 AND d.public_id = $2""";
    private static final String ATTEMPTS = """
            SELECT attempt, attempted_at, response_code, duration_ms, error, response_excerpt
            FROM delivery_attempt WHERE delivery_id = $1 ORDER BY attempt""";
    // A redelivery is a new delivery of the same message (same webhook-id and body), with a fresh schedule.
    private static final String REDELIVER = """
            INSERT INTO delivery (public_id, tenant_id, webhook_id, message_id, event_type, payload, source_key)
            SELECT $3, d.tenant_id, d.webhook_id, d.message_id, d.event_type, d.payload, 'redeliver/' || $3
            FROM delivery d WHERE d.tenant_id = $1 AND d.public_id = $2""";
    private static final String REPLAY = """
            WITH dead AS (
                UPDATE delivery d SET replayed = true
                FROM webhook w
                WHERE w.id = d.webhook_id AND d.tenant_id = $1 AND w.public_id = $2 AND d.status = 'dead_letter'
                  AND NOT d.replayed
                RETURNING d.tenant_id, d.webhook_id, d.message_id, d.event_type, d.payload, d.public_id)
            INSERT INTO delivery (public_id, tenant_id, webhook_id, message_id, event_type, payload, source_key)
            SELECT gen_random_uuid()::text, tenant_id, webhook_id, message_id, event_type, payload,
                'replay/' || public_id
            FROM dead""";

    private final Pool pool;

    DeliveryLogStore(Pool pool) {
        this.pool = pool;
    }

    /** How many deliveries match; {@code webhookPublicId} and {@code status} may be null (no filter). */
    public Uni<Long> count(TenantId tenant, String webhookPublicId, String status) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(tenant.value(), webhookPublicId, status))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** One page of matching deliveries, newest first. */
    public Uni<List<StoredDelivery>> page(TenantId tenant, String webhookPublicId, String status, int limit,
            long offset) {
        Tuple values = Tuple.tuple().addString(tenant.value()).addString(webhookPublicId).addString(status)
                .addInteger(limit).addLong(offset);
        return pool.preparedQuery(PAGE).execute(values).map(DeliveryLogStore::deliveries);
    }

    /** The tenant's delivery with that public id. */
    public Uni<Optional<StoredDelivery>> find(TenantId tenant, String publicId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenant.value(), publicId)).map(rows -> {
            List<StoredDelivery> found = deliveries(rows);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
    }

    /** The attempts of a delivery (found through {@link #find}, so already tenant-checked), in order. */
    public Uni<List<StoredAttempt>> attempts(long deliveryId) {
        return pool.preparedQuery(ATTEMPTS).execute(Tuple.of(deliveryId)).map(rows -> {
            List<StoredAttempt> attempts = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                attempts.add(new StoredAttempt(row.getInteger(0), instant(row.getOffsetDateTime(1)),
                        row.getInteger(2), row.getInteger(3), row.getString(4), row.getString(5)));
            }
            return attempts;
        });
    }

    /** Queues the message of a delivery again as a new delivery; emits whether the delivery exists. */
    public Uni<Boolean> redeliver(TenantId tenant, String publicId, String newPublicId) {
        return pool.preparedQuery(REDELIVER).execute(Tuple.of(tenant.value(), publicId, newPublicId))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Queues every dead letter of the subscription not replayed before; emits how many. */
    public Uni<Integer> replayDeadLetters(TenantId tenant, String webhookPublicId) {
        return pool.preparedQuery(REPLAY).execute(Tuple.of(tenant.value(), webhookPublicId)).map(RowSet::rowCount);
    }

    private static List<StoredDelivery> deliveries(RowSet<Row> rows) {
        List<StoredDelivery> deliveries = new ArrayList<>(rows.rowCount());
        for (Row row : rows) {
            deliveries.add(new StoredDelivery(row.getLong(0), row.getString(1), row.getString(2), row.getString(3),
                    row.getString(4), row.getString(5), row.getInteger(6), row.getString(7), row.getInteger(8),
                    instant(row.getOffsetDateTime(9)), instant(row.getOffsetDateTime(10)),
                    instant(row.getOffsetDateTime(11)), row.getString(12)));
        }
        return deliveries;
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
