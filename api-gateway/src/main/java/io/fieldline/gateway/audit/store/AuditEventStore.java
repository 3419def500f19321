package io.fieldline.gateway.audit.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.PageRequest;
import io.fieldline.model.PublicIds;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** SQL of the {@code audit_event} table: batched inserts, the per-tenant newest-first reading, the retention. */
@ApplicationScoped
public class AuditEventStore {

    /** One row to insert. */
    public record NewEvent(Long tenantRowId, String actor, String credentialKind, String action, String target,
            String outcome, String clientIp, String requestId, Instant occurredAt) {
    }

    private static final String INSERT = "INSERT INTO audit_event (public_id, tenant_id, actor, credential_kind, "
            + "action, target, outcome, client_ip, request_id, occurred_at) VALUES ";
    private static final int COLUMNS = 10;
    private static final String COLUMNS_READ = "public_id, actor, credential_kind, action, target, outcome, "
            + "client_ip, request_id, occurred_at";

    private final Pool pool;

    AuditEventStore(Pool pool) {
        this.pool = pool;
    }

    /** Inserts the events with one multi-row INSERT. */
    public Uni<Void> insert(List<NewEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder(INSERT.length() + events.size() * 64).append(INSERT);
        Tuple values = Tuple.tuple();
        for (int i = 0; i < events.size(); i++) {
            NewEvent e = events.get(i);
            sql.append(i == 0 ? "(" : ", (");
            for (int c = 1; c <= COLUMNS; c++) {
                sql.append(c == 1 ? "$" : ", $").append(i * COLUMNS + c);
            }
            sql.append(')');
            values.addString(PublicIds.newId()).addLong(e.tenantRowId()).addString(e.actor())
                    .addString(e.credentialKind()).addString(e.action()).addString(e.target())
                    .addString(e.outcome()).addString(e.clientIp()).addString(e.requestId())
                    .addOffsetDateTime(e.occurredAt().atOffset(ZoneOffset.UTC));
        }
        return pool.preparedQuery(sql.toString()).execute(values).replaceWithVoid();
    }

    /**
     * Deletes at most {@code limit} events that occurred before {@code cutoff}; answers how many it deleted. Rows
     * another replica is deleting at the same time are skipped, not waited for.
     */
    public Uni<Integer> deleteOlderThan(Instant cutoff, int limit) {
        return pool.preparedQuery("""
                DELETE FROM audit_event WHERE id IN (SELECT id FROM audit_event WHERE occurred_at < $1 LIMIT $2
                    FOR UPDATE SKIP LOCKED)""")
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC), limit)).map(rows -> rows.rowCount());
    }

    /** How many of the tenant's events match the filter. */
    public Uni<Long> count(long tenantRowId, AuditFilter filter) {
        Tuple values = Tuple.of(tenantRowId);
        String where = where(filter, values);
        return pool.preparedQuery("SELECT count(*) FROM audit_event WHERE " + where).execute(values)
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** One page of the tenant's matching events, newest first. */
    public Uni<List<AuditEventRow>> page(long tenantRowId, AuditFilter filter, PageRequest page) {
        Tuple values = Tuple.of(tenantRowId);
        String where = where(filter, values);
        values.addLong(page.offset()).addInteger(page.pageSize());
        String sql = "SELECT " + COLUMNS_READ + " FROM audit_event WHERE " + where
                + " ORDER BY occurred_at DESC, id DESC OFFSET $" + (values.size() - 1) + " LIMIT $" + values.size();
        return pool.preparedQuery(sql).execute(values).map(rows -> {
            List<AuditEventRow> events = new ArrayList<>(rows.rowCount());
            rows.forEach(row -> events.add(event(row)));
            return events;
        });
    }

    // Appends each given condition's value to the tuple, which already holds the tenant as $1.
    private static String where(AuditFilter filter, Tuple values) {
        StringBuilder where = new StringBuilder("tenant_id = $1");
        if (filter.actor() != null) {
            values.addString(filter.actor());
            where.append(" AND actor = $").append(values.size());
        }
        if (filter.action() != null) {
            values.addString(filter.action());
            where.append(" AND action = $").append(values.size());
        }
        if (filter.from() != null) {
            values.addOffsetDateTime(filter.from().atOffset(ZoneOffset.UTC));
            where.append(" AND occurred_at >= $").append(values.size());
        }
        if (filter.to() != null) {
            values.addOffsetDateTime(filter.to().atOffset(ZoneOffset.UTC));
            where.append(" AND occurred_at <= $").append(values.size());
        }
        return where.toString();
    }

    private static AuditEventRow event(Row row) {
        return new AuditEventRow(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), row.getString(5), row.getString(6), row.getString(7),
                row.getOffsetDateTime(8).toInstant());
    }
}
