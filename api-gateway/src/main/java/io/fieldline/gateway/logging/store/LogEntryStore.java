package io.fieldline.gateway.logging.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** SQL of the {@code log_entry} table; every statement is scoped by the tenant, except the retention's. */
@ApplicationScoped
public class LogEntryStore {

    private static final String COLUMNS = "public_id, content, logging_type, status_type, created_on, user_public_id";
    private static final String INSERT = "INSERT INTO log_entry (public_id, tenant_id, content, logging_type, "
            + "user_public_id) VALUES ($1, $2, $3, $4, $5)";
    // Entries made from a Kafka record: the tenant by its public id, and once per source key (redeliveries add nothing).
    private static final String INSERT_ONCE = "INSERT INTO log_entry (public_id, tenant_id, content, logging_type, "
            + "user_public_id, created_on, source_key) SELECT $1, id, $2, $3, $4, $5, $6 FROM tenant "
            + "WHERE public_id = $7 ON CONFLICT (tenant_id, source_key) WHERE source_key IS NOT NULL DO NOTHING";
    private static final String COUNT = "SELECT count(*) FROM log_entry WHERE tenant_id = $1";
    private static final String PAGE = "SELECT " + COLUMNS + " FROM log_entry WHERE tenant_id = $1 "
            + "ORDER BY created_on DESC, id DESC OFFSET $2 LIMIT $3";
    private static final String FIND = "SELECT " + COLUMNS + " FROM log_entry WHERE tenant_id = $1 AND public_id = $2";
    // A null parameter keeps the column as it is.
    private static final String UPDATE = "UPDATE log_entry SET status_type = COALESCE($3, status_type), "
            + "content = COALESCE($4, content) WHERE tenant_id = $1 AND public_id = $2";

    private final Pool pool;

    LogEntryStore(Pool pool) {
        this.pool = pool;
    }

    /** Inserts an entry (status unread) under the given public id. */
    public Uni<Void> insert(String publicId, long tenantRowId, String content, String loggingType,
            String userPublicId) {
        return pool.preparedQuery(INSERT)
                .execute(Tuple.of(publicId, tenantRowId, content, loggingType, userPublicId))
                .replaceWithVoid();
    }

    /**
     * Inserts an entry (status unread) for the tenant with the given public id, unless the tenant already has an entry
     * with the source key.
     *
     * @return whether an entry was added (false for a known source key or an unknown tenant)
     */
    public Uni<Boolean> insertOnce(String publicId, String tenantPublicId, String content, String loggingType,
            String userPublicId, OffsetDateTime createdOn, String sourceKey) {
        Tuple values = Tuple.tuple(List.of(publicId, content, loggingType)).addString(userPublicId)
                .addOffsetDateTime(createdOn).addString(sourceKey).addString(tenantPublicId);
        return pool.preparedQuery(INSERT_ONCE).execute(values).map(rows -> rows.rowCount() > 0);
    }

    /** How many entries the tenant has. */
    public Uni<Long> count(long tenantRowId) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(tenantRowId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** One page of the tenant's entries, newest first. */
    public Uni<List<LogEntryRow>> page(long tenantRowId, PageRequest page) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(tenantRowId, page.offset(), page.pageSize())).map(rows -> {
            List<LogEntryRow> entries = new ArrayList<>(rows.rowCount());
            rows.forEach(row -> entries.add(entry(row)));
            return entries;
        });
    }

    /** The tenant's entry with the public id, if any. */
    public Uni<Optional<LogEntryRow>> find(long tenantRowId, String publicId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenantRowId, publicId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(entry(rows.iterator().next())));
    }

    /**
     * Changes the status and/or content of the tenant's entry (null leaves a field unchanged).
     *
     * @return whether the tenant has such an entry
     */
    public Uni<Boolean> update(long tenantRowId, String publicId, String statusType, String content) {
        return pool.preparedQuery(UPDATE).execute(Tuple.of(tenantRowId, publicId, statusType, content))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * Deletes at most {@code limit} entries (of any tenant) made before {@code cutoff}; answers how many it deleted.
     * Rows another replica is deleting at the same time are skipped, not waited for.
     */
    public Uni<Integer> deleteOlderThan(Instant cutoff, int limit) {
        return pool.preparedQuery("""
                DELETE FROM log_entry WHERE id IN (SELECT id FROM log_entry WHERE created_on < $1 LIMIT $2
                    FOR UPDATE SKIP LOCKED)""")
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC), limit)).map(rows -> rows.rowCount());
    }

    private static LogEntryRow entry(Row row) {
        return new LogEntryRow(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
                row.getOffsetDateTime(4).toInstant(), row.getString(5));
    }
}
