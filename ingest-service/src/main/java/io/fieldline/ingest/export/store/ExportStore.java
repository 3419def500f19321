package io.fieldline.ingest.export.store;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.TenantId;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads an experiment's datapoints for export through a server-side cursor, a few hundred rows at a time. */
@ApplicationScoped
public class ExportStore {

    /** Rows fetched per cursor round trip. */
    static final int FETCH = 2000;

    private static final String EXPERIMENT = "SELECT name FROM experiment WHERE tenant_id = $1 AND public_id = $2";
    // Served by the partial index on (experiment_public_id, timestamp, id): rows arrive in order, no sort.
    private static final String ROWS = """
            SELECT d.timestamp, e.name, e.public_id, d.value, e.unit, d.public_id::text
            FROM datapoint d JOIN event e ON e.id = d.event_id
            WHERE d.experiment_public_id = $1 AND d.tenant_id = $2
            ORDER BY d.timestamp, d.id""";

    private final Pool pool;

    ExportStore(Pool pool) {
        this.pool = pool;
    }

    /** The name of the tenant's experiment, if it exists. */
    public Uni<Optional<String>> experimentName(TenantId tenant, String publicId) {
        return pool.preparedQuery(EXPERIMENT).execute(Tuple.of(tenant.value(), publicId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString(0)));
    }

    /**
     * The experiment's rows in timestamp order, as a stream with backpressure: the cursor fetches the next
     * {@value #FETCH} rows only when the subscriber (the HTTP response) asks for more. The connection is held for
     * the stream's life and released when it ends, fails or is cancelled.
     */
    public Multi<ExportRow> rows(TenantId tenant, String experimentPublicId) {
        return pool.getConnection().onItem().transformToMulti(connection -> stream(connection, tenant,
                experimentPublicId).onTermination().invoke(connection::closeAndForget));
    }

    // A cursor needs a transaction; it is read-only and simply ends with the connection.
    private static Multi<ExportRow> stream(SqlConnection connection, TenantId tenant, String experimentPublicId) {
        return connection.begin()
                .flatMap(tx -> connection.prepare(ROWS))
                .onItem().transformToMulti(statement -> statement
                        .createStream(FETCH, Tuple.of(experimentPublicId, tenant.value())).toMulti())
                .map(ExportStore::row);
    }

    private static ExportRow row(Row row) {
        return new ExportRow(row.getOffsetDateTime(0).toInstant(), row.getString(1), row.getString(2),
                row.getDouble(3), row.getString(4), row.getString(5));
    }
}
