package io.fieldline.rules.rule.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.Severity;
import io.fieldline.model.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/** The {@code rule} rows; every API statement is scoped by {@code tenant_id} and skips deleted rules. */
@ApplicationScoped
public class RuleStore {

    static final String COLUMNS = """
            id, public_id, tenant_id, name, event_public_id, kind, operator, threshold, threshold_high, action_type,
            webhook_event_type, enabled, cooldown_seconds, severity, deadband, delay_seconds, window_seconds,
            window_size, stale_seconds, last_triggered_at, user_public_id, created_on, updated_on, deleted_on""";
    // ON CONFLICT answers a duplicate name with no row instead of an error, so a 409 needs no exception parsing.
    private static final String INSERT = """
            INSERT INTO rule (public_id, tenant_id, name, event_public_id, kind, operator, threshold, threshold_high,
                action_type, webhook_event_type, enabled, cooldown_seconds, severity, deadband, delay_seconds,
                window_seconds, window_size, stale_seconds, user_public_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
            ON CONFLICT (tenant_id, name) WHERE deleted_on IS NULL DO NOTHING
            RETURNING """ + " " + COLUMNS;
    private static final String COUNT = "SELECT count(*) FROM rule WHERE tenant_id = $1 AND deleted_on IS NULL";
    private static final String PAGE = "SELECT " + COLUMNS + """
             FROM rule WHERE tenant_id = $1 AND deleted_on IS NULL
            ORDER BY created_on DESC, id DESC LIMIT $2 OFFSET $3""";
    private static final String FIND = "SELECT " + COLUMNS
            + " FROM rule WHERE tenant_id = $1 AND public_id = $2 AND deleted_on IS NULL";
    private static final String UPDATE = """
            UPDATE rule SET name = $3, event_public_id = $4, kind = $5, operator = $6, threshold = $7,
                threshold_high = $8, action_type = $9, webhook_event_type = $10, enabled = $11, cooldown_seconds = $12,
                severity = $13, deadband = $14, delay_seconds = $15, window_seconds = $16, window_size = $17,
                stale_seconds = $18, updated_on = now()
            WHERE tenant_id = $1 AND public_id = $2 AND deleted_on IS NULL
            RETURNING """ + " " + COLUMNS;
    private static final String DELETE = """
            UPDATE rule SET deleted_on = now(), updated_on = now(), enabled = false
            WHERE tenant_id = $1 AND public_id = $2 AND deleted_on IS NULL
            RETURNING """ + " " + COLUMNS;
    private static final String DELETE_FOR_EVENT = """
            UPDATE rule SET deleted_on = now(), updated_on = now(), enabled = false
            WHERE tenant_id = $1 AND event_public_id = $2 AND deleted_on IS NULL
            RETURNING """ + " " + COLUMNS;
    private static final String ALL_ACTIVE = "SELECT " + COLUMNS + " FROM rule WHERE deleted_on IS NULL AND enabled";
    private static final String CHANGED_SINCE = "SELECT " + COLUMNS + " FROM rule WHERE updated_on > $1";
    // The watermark must not pass a transaction that may still commit rule rows: its updated_on is its start time.
    // So take the start of the oldest transaction in flight (visible for sessions of the same database user) when it
    // is older than now; the cache's fixed overlap covers sessions whose start time is hidden.
    private static final String NOW = """
            SELECT least(now(), coalesce((SELECT min(xact_start) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL), now()))""";

    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;

    RuleStore(Pool pool) {
        this.pool = pool;
    }

    /** Inserts a rule; emits it, or empty when the tenant already has a rule of that name. */
    public Uni<Optional<StoredRule>> insert(TenantId tenant, String publicId, RuleFields f, String userPublicId) {
        Tuple values = fieldTuple(Tuple.of(publicId, tenant.value()), f).addString(userPublicId);
        return pool.preparedQuery(INSERT).execute(values).map(RuleStore::first);
    }

    /** How many rules the tenant has. */
    public Uni<Long> count(TenantId tenant) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(tenant.value()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** One page of the tenant's rules, newest first. */
    public Uni<List<StoredRule>> page(TenantId tenant, int limit, long offset) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(tenant.value(), limit, offset)).map(RuleStore::rules);
    }

    /** The tenant's rule with that public id. */
    public Uni<Optional<StoredRule>> find(TenantId tenant, String publicId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenant.value(), publicId)).map(RuleStore::first);
    }

    /** Replaces the writable fields; emits the rule as changed, or empty when it does not exist (any more). */
    public Uni<Optional<StoredRule>> update(TenantId tenant, String publicId, RuleFields f) {
        return pool.preparedQuery(UPDATE).execute(fieldTuple(Tuple.of(tenant.value(), publicId), f))
                .map(RuleStore::first);
    }

    /** Marks the rule deleted; emits it, or empty when there was none. */
    public Uni<Optional<StoredRule>> delete(TenantId tenant, String publicId) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(tenant.value(), publicId)).map(RuleStore::first);
    }

    /** Marks every rule of the event deleted (the event was deleted); emits them. */
    public Uni<List<StoredRule>> deleteForEvent(TenantId tenant, String eventPublicId) {
        return pool.preparedQuery(DELETE_FOR_EVENT).execute(Tuple.of(tenant.value(), eventPublicId))
                .map(RuleStore::rules);
    }

    /** Every enabled rule of every tenant, for the engine's cache. */
    public Uni<List<StoredRule>> allActive() {
        return pool.query(ALL_ACTIVE).execute().map(RuleStore::rules);
    }

    /** Rules (including deleted ones) changed after the instant. */
    public Uni<List<StoredRule>> changedSince(Instant since) {
        return pool.preparedQuery(CHANGED_SINCE).execute(Tuple.of(OffsetDateTime.ofInstant(since, ZoneOffset.UTC)))
                .map(RuleStore::rules);
    }

    /**
     * A safe watermark from the database's clock (so it does not depend on this host's): now, or the start of the
     * oldest transaction still running if that is earlier.
     */
    public Uni<Instant> databaseNow() {
        return pool.query(NOW).execute().map(rows -> rows.iterator().next().getOffsetDateTime(0).toInstant());
    }

    /** Whether a write failed because the tenant already has a rule of that name. */
    public static boolean isDuplicateName(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }

    private static Tuple fieldTuple(Tuple start, RuleFields f) {
        return start.addString(f.name()).addString(f.eventPublicId()).addString(f.kind()).addString(f.operator())
                .addDouble(f.threshold()).addDouble(f.thresholdHigh()).addString(f.actionType())
                .addString(f.webhookEventType()).addBoolean(f.enabled()).addInteger(f.cooldownSeconds())
                .addString(f.severity()).addDouble(f.deadband()).addInteger(f.delaySeconds())
                .addInteger(f.windowSeconds()).addInteger(f.windowSize()).addInteger(f.staleSeconds());
    }

    private static Optional<StoredRule> first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(rule(rows.iterator().next()));
    }

    private static List<StoredRule> rules(RowSet<Row> rows) {
        List<StoredRule> rules = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> rules.add(rule(row)));
        return rules;
    }

    /** The rule columns qualified by a table alias, for joins; {@link #rule(Row, int)} maps them. */
    public static String columns(String alias) {
        return java.util.Arrays.stream(COLUMNS.split(","))
                .map(c -> alias + "." + c.strip())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    static StoredRule rule(Row row) {
        return rule(row, 0);
    }

    /** Maps the rule columns starting at column {@code o}. */
    public static StoredRule rule(Row row, int o) {
        return new StoredRule(row.getLong(o), row.getString(o + 1), TenantId.of(row.getString(o + 2)),
                row.getString(o + 3), row.getString(o + 4), row.getString(o + 5), row.getString(o + 6),
                row.getDouble(o + 7), row.getDouble(o + 8), row.getString(o + 9), row.getString(o + 10),
                row.getBoolean(o + 11), row.getInteger(o + 12),
                Severity.valueOf(row.getString(o + 13).toUpperCase(Locale.ROOT)), row.getDouble(o + 14),
                row.getInteger(o + 15), row.getInteger(o + 16), row.getInteger(o + 17), row.getInteger(o + 18),
                instant(row.getOffsetDateTime(o + 19)), row.getString(o + 20), instant(row.getOffsetDateTime(o + 21)),
                instant(row.getOffsetDateTime(o + 22)), instant(row.getOffsetDateTime(o + 23)));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
