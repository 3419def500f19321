package io.fieldline.webhook.delivery.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.DeliveryDeadLettered;
import io.fieldline.model.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the dispatcher does besides attempts, each safe with several replicas: publishing dead letters and
 * {@code webhook.disabled} exactly when Kafka acknowledged them (an outbox in the delivery and webhook rows), and
 * disabling subscriptions that have failed for too long, deleting finished deliveries past their retention.
 */
@ApplicationScoped
public class HousekeepingStore {

    private static final String UNPUBLISHED_DEAD_LETTERS = """
            SELECT d.id, d.tenant_id, w.public_id, d.public_id, d.event_type, d.payload, d.attempts, d.last_error,
                d.dead_lettered_on
            FROM delivery d JOIN webhook w ON w.id = d.webhook_id
            WHERE d.status = 'dead_letter' AND NOT d.dlq_published
            ORDER BY d.id LIMIT $1
            FOR UPDATE OF d SKIP LOCKED""";
    private static final String MARK_PUBLISHED = "UPDATE delivery SET dlq_published = true WHERE id = ANY ($1)";
    private static final String DISABLE_FAILING = """
            UPDATE webhook SET enabled = false, disabled_reason = 'failing', disabled_announced = false,
                updated_on = now()
            WHERE enabled AND failing_since < now() - $1 * interval '1 millisecond'""";
    private static final String UNANNOUNCED = """
            SELECT id, tenant_id, public_id, url, disabled_reason, updated_on FROM webhook
            WHERE NOT disabled_announced ORDER BY id LIMIT $1
            FOR UPDATE SKIP LOCKED""";
    // Finished = delivered, or dead-lettered and already on the DLQ topic; retries and paused deliveries stay.
    private static final String DELETE_FINISHED = """
            DELETE FROM delivery WHERE id IN (
                SELECT id FROM delivery
                WHERE created_on < now() - $1 * interval '1 millisecond'
                  AND (status = 'delivered' OR (status = 'dead_letter' AND dlq_published))
                LIMIT $2)""";
    private static final String MARK_ANNOUNCED = "UPDATE webhook SET disabled_announced = true WHERE id = ANY ($1)";

    private final Pool pool;

    HousekeepingStore(Pool pool) {
        this.pool = pool;
    }

    /** A subscription the platform disabled, to be announced. */
    public record Disabled(TenantId tenant, String publicId, String url, String reason, Instant at) {
    }

    /**
     * Publishes up to {@code limit} dead letters not yet on the DLQ topic with {@code publish} and marks them once it
     * completed, in one transaction holding their rows (another replica skips them); emits how many.
     */
    public Uni<Integer> publishDeadLetters(int limit, Function<List<DeliveryDeadLettered>, Uni<Void>> publish) {
        return pool.withTransaction(connection -> connection.preparedQuery(UNPUBLISHED_DEAD_LETTERS)
                .execute(Tuple.of(limit)).flatMap(rows -> {
                    List<Long> ids = new ArrayList<>();
                    List<DeliveryDeadLettered> records = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getLong(0));
                        records.add(new DeliveryDeadLettered(TenantId.of(row.getString(1)), row.getString(2),
                                row.getString(3), row.getString(4), row.getString(5), row.getInteger(6),
                                row.getString(7), row.getOffsetDateTime(8).toInstant()));
                    }
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return publish.apply(records).flatMap(done -> connection.preparedQuery(MARK_PUBLISHED)
                            .execute(Tuple.of(ids.toArray(Long[]::new)))).replaceWith(ids.size());
                }));
    }

    /** Disables the subscriptions whose every attempt has failed for longer than {@code after}; emits how many. */
    public Uni<Integer> disableFailing(Duration after) {
        return pool.preparedQuery(DISABLE_FAILING).execute(Tuple.of(after.toMillis())).map(rows -> rows.rowCount());
    }

    /** Deletes up to {@code limit} finished deliveries (with their attempts) older than {@code retention}. */
    public Uni<Integer> deleteFinished(Duration retention, int limit) {
        return pool.preparedQuery(DELETE_FINISHED).execute(Tuple.of(retention.toMillis(), limit))
                .map(rows -> rows.rowCount());
    }

    /** Announces up to {@code limit} disabled subscriptions with {@code announce}, then marks them; emits how many. */
    public Uni<Integer> announceDisabled(int limit, Function<List<Disabled>, Uni<Void>> announce) {
        return pool.withTransaction(connection -> connection.preparedQuery(UNANNOUNCED).execute(Tuple.of(limit))
                .flatMap(rows -> {
                    List<Long> ids = new ArrayList<>();
                    List<Disabled> disabled = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getLong(0));
                        disabled.add(new Disabled(TenantId.of(row.getString(1)), row.getString(2), row.getString(3),
                                row.getString(4), row.getOffsetDateTime(5).toInstant()));
                    }
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return announce.apply(disabled).flatMap(done -> connection.preparedQuery(MARK_ANNOUNCED)
                            .execute(Tuple.of(ids.toArray(Long[]::new)))).replaceWith(ids.size());
                }));
    }
}
