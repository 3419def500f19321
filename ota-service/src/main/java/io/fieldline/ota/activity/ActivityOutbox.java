package io.fieldline.ota.activity;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.fieldline.model.ActivityOccurred;
import io.fieldline.model.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code activity_outbox} table: a change writes its activity records in its own transaction
 * ({@link #add}), and {@link OutboxRelay} publishes and deletes them. So a record is published if and only if its
 * change committed, even across a crash (at least once; consumers are idempotent).
 */
@ApplicationScoped
public class ActivityOutbox {

    private static final String INSERT = """
            INSERT INTO activity_outbox (tenant_id, type, subject, actor, data, occurred_at)
            VALUES ($1, $2, $3, $4, $5, $6)""";
    // SKIP LOCKED lets several instances drain side by side without publishing a record twice at once.
    private static final String NEXT = """
            SELECT id, tenant_id, type, subject, actor, data, occurred_at FROM activity_outbox
            ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED""";
    private static final String DELETE = "DELETE FROM activity_outbox WHERE id = ANY($1)";
    private static final TypeReference<Map<String, Object>> DATA = new TypeReference<>() {
    };

    private final OutboxRelay relay;

    ActivityOutbox(OutboxRelay relay) {
        this.relay = relay;
    }

    /** Adds the records within the caller's transaction ({@code client} is its connection). */
    public Uni<Void> add(SqlClient client, List<ActivityOccurred> activities) {
        if (activities.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(activities.size());
        for (ActivityOccurred a : activities) {
            rows.add(Tuple.tuple().addString(a.tenantId().value()).addString(a.type()).addString(a.subject())
                    .addString(a.actor()).addString(ActivityPublisher.json(a.data()))
                    .addOffsetDateTime(a.occurredAt().atOffset(ZoneOffset.UTC)));
        }
        return client.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }

    /** Asks the relay to drain now (call after the transaction that added records committed). */
    public void wake() {
        relay.wake();
    }

    /** Locks and reads the oldest records (within the relay's transaction). */
    static Uni<List<Outgoing>> next(SqlClient client, int limit) {
        return client.preparedQuery(NEXT).execute(Tuple.of(limit)).map(rows -> {
            List<Outgoing> out = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                out.add(new Outgoing(row.getLong(0), activity(row)));
            }
            return out;
        });
    }

    static Uni<Void> delete(SqlClient client, List<Long> ids) {
        return client.preparedQuery(DELETE).execute(Tuple.of(ids.toArray(Long[]::new))).replaceWithVoid();
    }

    static Uni<Boolean> isEmpty(Pool pool) {
        return pool.query("SELECT NOT EXISTS (SELECT 1 FROM activity_outbox)").execute()
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    private static ActivityOccurred activity(Row row) {
        Map<String, Object> data;
        try {
            data = ActivityPublisher.mapper().readValue(row.getString(5), DATA);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable outbox data", e);
        }
        OffsetDateTime at = row.getOffsetDateTime(6);
        Instant occurred = at == null ? Instant.now() : at.toInstant();
        return new ActivityOccurred(TenantId.of(row.getString(1)), row.getString(2), row.getString(3),
                row.getString(4), data, occurred);
    }

    record Outgoing(long id, ActivityOccurred activity) {
    }
}
