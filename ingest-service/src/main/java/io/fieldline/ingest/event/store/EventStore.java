package io.fieldline.ingest.event.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.ingest.storage.EventLocks;
import io.fieldline.model.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/** The {@code event} rows of a tenant; every statement is scoped by {@code tenant_id}. */
@ApplicationScoped
public class EventStore {

    private static final String COLUMNS = """
            public_id, name, min_value, max_value, unit, type, user_public_id, created_on, updated_on""";
    // ON CONFLICT answers a duplicate name with no row instead of an error, so a 409 needs no exception parsing.
    private static final String INSERT = """
            INSERT INTO event (public_id, tenant_id, name, min_value, max_value, unit, type, user_public_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (tenant_id, name) DO NOTHING
            RETURNING """ + " " + COLUMNS;
    private static final String COUNT = "SELECT count(*) FROM event WHERE tenant_id = $1";
    private static final String PAGE = "SELECT " + COLUMNS + """
             FROM event WHERE tenant_id = $1
            ORDER BY created_on DESC, id DESC LIMIT $2 OFFSET $3""";
    private static final String FIND = "SELECT " + COLUMNS + " FROM event WHERE tenant_id = $1 AND public_id = $2";
    // A null parameter keeps the stored value: that is what makes PUT partial.
    private static final String UPDATE = """
            UPDATE event SET name = coalesce($3, name), min_value = coalesce($4, min_value),
                max_value = coalesce($5, max_value), unit = coalesce($6, unit), type = coalesce($7, type),
                updated_on = now()
            WHERE tenant_id = $1 AND public_id = $2
            RETURNING """ + " " + COLUMNS;
    // The storage writer takes the event's lock (shared) for a flush and then checks that the event still exists:
    // after this delete, no flush stores a datapoint of it (datapoint has no foreign key, see V5).
    private static final String LOCK = "SELECT id, " + EventLocks.exclusive("id")
            + " FROM event WHERE tenant_id = $1 AND public_id = $2";
    private static final String DELETE_DATAPOINTS = "DELETE FROM datapoint WHERE event_id = $1";
    // Its rollups (with its latest value) go by cascade.
    private static final String DELETE = "DELETE FROM event WHERE id = $1";

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String CHECK_VIOLATION = "23514";

    private final Pool pool;

    EventStore(Pool pool) {
        this.pool = pool;
    }

    /** Inserts an event; emits it, or empty when the tenant already has an event of that name. */
    public Uni<Optional<StoredEvent>> insert(TenantId tenant, String publicId, EventFields fields,
            String userPublicId) {
        Tuple values = Tuple.tuple().addString(publicId).addString(tenant.value()).addString(fields.name())
                .addDouble(fields.minValue()).addDouble(fields.maxValue()).addString(fields.unit())
                .addString(fields.type()).addString(userPublicId);
        return pool.preparedQuery(INSERT).execute(values).map(EventStore::first);
    }

    /** How many events the tenant has. */
    public Uni<Long> count(TenantId tenant) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(tenant.value()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** One page of the tenant's events, newest first. */
    public Uni<List<StoredEvent>> page(TenantId tenant, int limit, long offset) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(tenant.value(), limit, offset)).map(EventStore::events);
    }

    /** The tenant's event with that public id. */
    public Uni<Optional<StoredEvent>> find(TenantId tenant, String publicId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenant.value(), publicId)).map(EventStore::first);
    }

    /**
     * Changes the non-null fields of the tenant's event; emits it as changed, or empty when it does not exist. Fails
     * with a {@link PgException} that {@link #isDuplicateName} or {@link #isInvertedRange} recognises.
     */
    public Uni<Optional<StoredEvent>> update(TenantId tenant, String publicId, EventFields changes) {
        Tuple values = Tuple.tuple().addString(tenant.value()).addString(publicId).addString(changes.name())
                .addDouble(changes.minValue()).addDouble(changes.maxValue()).addString(changes.unit())
                .addString(changes.type());
        return pool.preparedQuery(UPDATE).execute(values).map(EventStore::first);
    }

    /**
     * Deletes the tenant's event and its datapoints in a transaction that commits only after {@code beforeCommit}
     * succeeded; emits false (and runs nothing) when there is no such event. A failure of {@code beforeCommit} rolls
     * the delete back.
     */
    public Uni<Boolean> delete(TenantId tenant, String publicId, Supplier<Uni<Void>> beforeCommit) {
        return pool.withTransaction(connection -> connection.preparedQuery(LOCK)
                .execute(Tuple.of(tenant.value(), publicId))
                .flatMap(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    Tuple id = Tuple.of(rows.iterator().next().getLong(0));
                    return connection.preparedQuery(DELETE_DATAPOINTS).execute(id)
                            .flatMap(deleted -> connection.preparedQuery(DELETE).execute(id))
                            .flatMap(deleted -> beforeCommit.get().replaceWith(true));
                }));
    }

    /** Whether a write failed because the tenant already has an event of that name. */
    public static boolean isDuplicateName(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }

    /** Whether a write failed because it would leave min_value above max_value. */
    public static boolean isInvertedRange(Throwable failure) {
        return failure instanceof PgException pg && CHECK_VIOLATION.equals(pg.getSqlState());
    }

    private static Optional<StoredEvent> first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(event(rows.iterator().next()));
    }

    private static List<StoredEvent> events(RowSet<Row> rows) {
        List<StoredEvent> events = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> events.add(event(row)));
        return events;
    }

    private static StoredEvent event(Row row) {
        return new StoredEvent(row.getString(0), row.getString(1), row.getDouble(2), row.getDouble(3),
                row.getString(4), row.getString(5), row.getString(6), instant(row.getOffsetDateTime(7)),
                instant(row.getOffsetDateTime(8)));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
