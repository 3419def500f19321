package io.fieldline.ingest.experiment.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** The {@code experiment} rows of a tenant; every statement is scoped by {@code tenant_id}. */
@ApplicationScoped
public class ExperimentStore {

    private static final String COLUMNS = """
            public_id, name, started_on, stopped_on, user_public_id, created_on, updated_on""";
    private static final String INSERT = """
            INSERT INTO experiment (public_id, tenant_id, name, user_public_id) VALUES ($1, $2, $3, $4)
            RETURNING """ + " " + COLUMNS;
    private static final String COUNT = "SELECT count(*) FROM experiment WHERE tenant_id = $1";
    private static final String PAGE = "SELECT " + COLUMNS + """
             FROM experiment WHERE tenant_id = $1
            ORDER BY created_on DESC, id DESC LIMIT $2 OFFSET $3""";
    private static final String FIND = "SELECT " + COLUMNS
            + " FROM experiment WHERE tenant_id = $1 AND public_id = $2";
    // The row lock makes concurrent stops of one experiment queue up: the first stops and announces it, the next
    // ones find it stopped.
    private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";
    private static final String STOP = """
            UPDATE experiment SET stopped_on = now(), updated_on = now()
            WHERE tenant_id = $1 AND public_id = $2 AND stopped_on IS NULL
            RETURNING """ + " " + COLUMNS;
    // A null name keeps the stored one: that is what makes PUT partial.
    private static final String UPDATE = """
            UPDATE experiment SET name = coalesce($3, name), updated_on = now()
            WHERE tenant_id = $1 AND public_id = $2
            RETURNING """ + " " + COLUMNS;
    private static final String DELETE = "DELETE FROM experiment WHERE tenant_id = $1 AND public_id = $2";

    private final Pool pool;

    ExperimentStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Inserts a running experiment in a transaction that commits only after {@code beforeCommit} succeeded with the
     * inserted row; a failure of {@code beforeCommit} rolls the insert back.
     */
    public Uni<StoredExperiment> insert(TenantId tenant, String publicId, String name, String userPublicId,
            Function<StoredExperiment, Uni<Void>> beforeCommit) {
        Tuple values = Tuple.of(publicId, tenant.value(), name, userPublicId);
        return pool.withTransaction(connection -> connection.preparedQuery(INSERT).execute(values)
                .map(rows -> experiment(rows.iterator().next()))
                .call(beforeCommit::apply));
    }

    /** How many experiments the tenant has. */
    public Uni<Long> count(TenantId tenant) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(tenant.value()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** One page of the tenant's experiments, newest first. */
    public Uni<List<StoredExperiment>> page(TenantId tenant, int limit, long offset) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(tenant.value(), limit, offset))
                .map(ExperimentStore::experiments);
    }

    /** The tenant's experiment with that public id. */
    public Uni<Optional<StoredExperiment>> find(TenantId tenant, String publicId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenant.value(), publicId)).map(ExperimentStore::first);
    }

    /**
     * Stops the tenant's experiment in a transaction that commits only after {@code beforeCommit} succeeded with the
     * stopped row. Emits empty when there is no such experiment, and the row unchanged (running nothing) when it was
     * already stopped.
     */
    public Uni<Optional<StoredExperiment>> stop(TenantId tenant, String publicId,
            Function<StoredExperiment, Uni<Void>> beforeCommit) {
        Tuple key = Tuple.of(tenant.value(), publicId);
        return pool.withTransaction(connection -> connection.preparedQuery(FIND_FOR_UPDATE).execute(key)
                .map(ExperimentStore::first)
                .flatMap(found -> found.isEmpty() || !found.get().running()
                        ? Uni.createFrom().item(found)
                        : connection.preparedQuery(STOP).execute(key)
                                .map(rows -> experiment(rows.iterator().next()))
                                .call(beforeCommit::apply)
                                .map(Optional::of)));
    }

    /** Renames the tenant's experiment when {@code name} is not null; emits it, or empty when it does not exist. */
    public Uni<Optional<StoredExperiment>> update(TenantId tenant, String publicId, String name) {
        return pool.preparedQuery(UPDATE).execute(Tuple.of(tenant.value(), publicId, name))
                .map(ExperimentStore::first);
    }

    /** Deletes the tenant's experiment; emits whether it existed. */
    public Uni<Boolean> delete(TenantId tenant, String publicId) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(tenant.value(), publicId)).map(rows -> rows.rowCount() > 0);
    }

    private static Optional<StoredExperiment> first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(experiment(rows.iterator().next()));
    }

    private static List<StoredExperiment> experiments(RowSet<Row> rows) {
        List<StoredExperiment> experiments = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> experiments.add(experiment(row)));
        return experiments;
    }

    private static StoredExperiment experiment(Row row) {
        return new StoredExperiment(row.getString(0), row.getString(1), instant(row.getOffsetDateTime(2)),
                instant(row.getOffsetDateTime(3)), row.getString(4), instant(row.getOffsetDateTime(5)),
                instant(row.getOffsetDateTime(6)));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
