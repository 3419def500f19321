package io.fieldline.rules.incident.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.IncidentStatus;
import io.fieldline.model.Severity;
import io.fieldline.model.TenantId;
import io.fieldline.rules.rule.store.RuleStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** The {@code incident} rows and their history; every API statement is scoped by {@code tenant_id}. */
@ApplicationScoped
public class IncidentStore {

    private static final String COLUMNS = """
            i.id, i.public_id, i.tenant_id, i.status, i.severity, i.first_value, i.last_value, i.peak_value, i.count,
            i.raised_at, i.last_seen_at, i.acknowledged_at, i.acknowledged_by, i.acknowledged_note, i.shelved_until,
            i.shelved_by, i.status_before_shelve, i.cleared_at, i.resolved_at, i.resolved_by, i.resolved_note,
            i.updated_on, """ + RuleStore.columns("r");
    private static final int RULE_OFFSET = 22;
    private static final String FROM = " FROM incident i JOIN rule r ON r.id = i.rule_id ";
    private static final String FIND = "SELECT " + COLUMNS + FROM + "WHERE i.tenant_id = $1 AND i.public_id = $2";
    private static final String LOCK = FIND + " FOR UPDATE OF i";
    private static final String BY_ID = "SELECT " + COLUMNS + FROM + "WHERE i.id = $1";
    private static final String HISTORY = """
            SELECT transition, from_status, to_status, value, actor, note, occurred_at FROM incident_transition
            WHERE incident_id = $1 ORDER BY id""";
    private static final String SUMMARY = """
            SELECT status, severity, count(*) FROM incident WHERE tenant_id = $1 GROUP BY status, severity""";
    private static final String EXPIRED_SHELVES = "SELECT " + COLUMNS + FROM
            + "WHERE i.status = 'shelved' AND i.shelved_until <= now() ORDER BY i.id LIMIT 100 FOR UPDATE OF i SKIP LOCKED";
    private static final String ACKNOWLEDGE = """
            UPDATE incident SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by = $2,
                acknowledged_note = $3, updated_on = now() WHERE id = $1""";
    private static final String SHELVE = """
            UPDATE incident SET status_before_shelve = status, status = 'shelved', shelved_until = $3, shelved_by = $2,
                updated_on = now() WHERE id = $1""";
    private static final String UNSHELVE = """
            UPDATE incident SET status = coalesce(status_before_shelve, 'active'), status_before_shelve = NULL,
                shelved_until = NULL, updated_on = now() WHERE id = $1""";
    private static final String RESOLVE = """
            UPDATE incident SET status = 'resolved', resolved_at = now(), resolved_by = $2, resolved_note = $3,
                shelved_until = NULL, updated_on = now() WHERE id = $1""";

    private final Pool pool;

    IncidentStore(Pool pool) {
        this.pool = pool;
    }

    /** Runs the work in one transaction. */
    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** The tenant's incident with that public id. */
    public Uni<Optional<StoredIncident>> find(TenantId tenant, String publicId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenant.value(), publicId)).map(IncidentStore::first);
    }

    /** The tenant's incident, locked until the transaction ends. */
    public Uni<Optional<StoredIncident>> lock(SqlConnection connection, TenantId tenant, String publicId) {
        return connection.preparedQuery(LOCK).execute(Tuple.of(tenant.value(), publicId)).map(IncidentStore::first);
    }

    /** Re-reads an incident inside a transaction. */
    public Uni<StoredIncident> reload(SqlConnection connection, long id) {
        return connection.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> first(rows).orElseThrow());
    }

    /** Acknowledges: who and an optional note. */
    public Uni<Void> acknowledge(SqlConnection connection, long id, String actor, String note) {
        return connection.preparedQuery(ACKNOWLEDGE).execute(Tuple.of(id, actor, note)).replaceWithVoid();
    }

    /** Shelves until the instant, remembering the status to return to. */
    public Uni<Void> shelve(SqlConnection connection, long id, String actor, Instant until) {
        return connection.preparedQuery(SHELVE)
                .execute(Tuple.of(id, actor, TransitionRows.utc(until))).replaceWithVoid();
    }

    /** Returns a shelved incident to the status it had before. */
    public Uni<Void> unshelve(SqlConnection connection, long id) {
        return connection.preparedQuery(UNSHELVE).execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Resolves: who and an optional note. */
    public Uni<Void> resolve(SqlConnection connection, long id, String actor, String note) {
        return connection.preparedQuery(RESOLVE).execute(Tuple.of(id, actor, note)).replaceWithVoid();
    }

    /** Shelved incidents whose shelf expired, locked (other replicas skip them). */
    public Uni<List<StoredIncident>> expiredShelves(SqlConnection connection) {
        return connection.query(EXPIRED_SHELVES).execute().map(IncidentStore::incidents);
    }

    /** An incident's transitions, oldest first. */
    public Uni<List<HistoryEntry>> history(long incidentId) {
        return pool.preparedQuery(HISTORY).execute(Tuple.of(incidentId)).map(rows -> {
            List<HistoryEntry> entries = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                entries.add(new HistoryEntry(row.getString(0), row.getString(1), row.getString(2), row.getDouble(3),
                        row.getString(4), row.getString(5), instant(row.getOffsetDateTime(6))));
            }
            return entries;
        });
    }

    /** How many incidents match the filter. */
    public Uni<Long> count(TenantId tenant, IncidentFilter filter) {
        Query query = where(tenant, filter);
        return pool.preparedQuery("SELECT count(*) FROM incident i JOIN rule r ON r.id = i.rule_id " + query.sql)
                .execute(query.args).map(rows -> rows.iterator().next().getLong(0));
    }

    /** One page of matching incidents, newest first. */
    public Uni<List<StoredIncident>> page(TenantId tenant, IncidentFilter filter, int limit, long offset) {
        Query query = where(tenant, filter);
        int n = query.args.size();
        String sql = "SELECT " + COLUMNS + FROM + query.sql + " ORDER BY i.raised_at DESC, i.id DESC LIMIT $"
                + (n + 1) + " OFFSET $" + (n + 2);
        return pool.preparedQuery(sql).execute(query.args.addInteger(limit).addLong(offset))
                .map(IncidentStore::incidents);
    }

    /** Counts per (status, severity). */
    public Uni<List<Object[]>> summary(TenantId tenant) {
        return pool.preparedQuery(SUMMARY).execute(Tuple.of(tenant.value())).map(rows -> {
            List<Object[]> counts = new ArrayList<>();
            rows.forEach(row -> counts.add(new Object[]{ row.getString(0), row.getString(1), row.getLong(2) }));
            return counts;
        });
    }

    private record Query(String sql, Tuple args) {
    }

    private static Query where(TenantId tenant, IncidentFilter f) {
        StringBuilder sql = new StringBuilder("WHERE i.tenant_id = $1");
        Tuple args = Tuple.of(tenant.value());
        if (f.status() != null) {
            args.addString(f.status());
            sql.append(" AND i.status = $").append(args.size());
        }
        if (f.severity() != null) {
            args.addString(f.severity());
            sql.append(" AND i.severity = $").append(args.size());
        }
        if (f.eventPublicId() != null) {
            args.addString(f.eventPublicId());
            sql.append(" AND i.event_public_id = $").append(args.size());
        }
        if (f.rulePublicId() != null) {
            args.addString(f.rulePublicId());
            sql.append(" AND r.public_id = $").append(args.size());
        }
        if (f.from() != null) {
            args.addOffsetDateTime(TransitionRows.utc(f.from()));
            sql.append(" AND i.raised_at >= $").append(args.size());
        }
        if (f.to() != null) {
            args.addOffsetDateTime(TransitionRows.utc(f.to()));
            sql.append(" AND i.raised_at < $").append(args.size());
        }
        return new Query(sql.toString(), args);
    }

    private static Optional<StoredIncident> first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(incident(rows.iterator().next()));
    }

    private static List<StoredIncident> incidents(RowSet<Row> rows) {
        List<StoredIncident> list = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> list.add(incident(row)));
        return list;
    }

    private static StoredIncident incident(Row row) {
        String before = row.getString(16);
        return new StoredIncident(row.getLong(0), row.getString(1), TenantId.of(row.getString(2)),
                RuleStore.rule(row, RULE_OFFSET), status(row.getString(3)),
                Severity.valueOf(row.getString(4).toUpperCase(Locale.ROOT)), row.getDouble(5), row.getDouble(6),
                row.getDouble(7), row.getLong(8), instant(row.getOffsetDateTime(9)),
                instant(row.getOffsetDateTime(10)), instant(row.getOffsetDateTime(11)), row.getString(12),
                row.getString(13), instant(row.getOffsetDateTime(14)), row.getString(15),
                before == null ? null : status(before), instant(row.getOffsetDateTime(17)),
                instant(row.getOffsetDateTime(18)), row.getString(19), row.getString(20),
                instant(row.getOffsetDateTime(21)));
    }

    private static IncidentStatus status(String wire) {
        return IncidentStatus.valueOf(wire.toUpperCase(Locale.ROOT));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
