package io.fieldline.ota.firmware.store;

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
import io.vertx.pgclient.PgException;

/** The {@code firmware} rows of a tenant; every statement is scoped by {@code tenant_id}. */
@ApplicationScoped
public class FirmwareStore {

    private static final String COLUMNS = """
            id, public_id, version, changelog, file_hash_sha256, file_size_bytes, artifact_key, status, error_message,
            user_public_id, created_on, started_on, completed_on""";
    private static final String INSERT = """
            INSERT INTO firmware (public_id, tenant_id, version, changelog, file_hash_sha256, user_public_id)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (tenant_id, version) DO NOTHING
            RETURNING """ + " " + COLUMNS;
    // A record created from an update bundle, with its artifact; nothing when the version or bundle name exists.
    private static final String INSERT_BUNDLE = """
            INSERT INTO firmware (public_id, tenant_id, version, changelog, file_hash_sha256, file_size_bytes,
                artifact_key, bundle_name, user_public_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT DO NOTHING
            RETURNING """ + " " + COLUMNS;
    private static final String BUNDLE_EXISTS = """
            SELECT EXISTS (SELECT 1 FROM firmware WHERE tenant_id = $1 AND bundle_name = $2)""";
    private static final String VERSION_EXISTS = """
            SELECT EXISTS (SELECT 1 FROM firmware WHERE tenant_id = $1 AND version = $2)""";
    private static final String COUNT = "SELECT count(*) FROM firmware WHERE tenant_id = $1";
    private static final String PAGE = "SELECT " + COLUMNS
            + " FROM firmware WHERE tenant_id = $1 ORDER BY created_on DESC, id DESC LIMIT $2 OFFSET $3";
    private static final String FIND = "SELECT " + COLUMNS + " FROM firmware WHERE tenant_id = $1 AND public_id = $2";
    private static final String CANDIDATES = "SELECT " + COLUMNS
            + " FROM firmware WHERE tenant_id = $1 AND status IN ('pending', 'completed')";
    private static final String DELETE = """
            DELETE FROM firmware WHERE tenant_id = $1 AND public_id = $2 RETURNING artifact_key""";
    // Compare-and-set on the status, so two concurrent transitions cannot both win.
    private static final String TRANSITION = """
            UPDATE firmware SET status = $4, error_message = $5,
                started_on = CASE WHEN $6 THEN coalesce(started_on, now()) ELSE started_on END,
                completed_on = CASE WHEN $4 = 'completed' THEN now() ELSE completed_on END
            WHERE tenant_id = $1 AND public_id = $2 AND status = $3
            RETURNING """ + " " + COLUMNS;
    // Attaches an artifact only once: a second upload finds the key set and changes nothing.
    private static final String ATTACH = """
            UPDATE firmware SET artifact_key = $3, file_hash_sha256 = $4, file_size_bytes = $5
            WHERE tenant_id = $1 AND public_id = $2 AND artifact_key IS NULL
            RETURNING """ + " " + COLUMNS;

    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private final Pool pool;

    FirmwareStore(Pool pool) {
        this.pool = pool;
    }

    /** Inserts a record; empty when the tenant already has that version. */
    public Uni<Optional<StoredFirmware>> insert(TenantId tenant, String publicId, String version, String changelog,
            String fileHash, String userPublicId) {
        Tuple values = Tuple.tuple().addString(publicId).addString(tenant.value()).addString(version)
                .addString(changelog).addString(fileHash).addString(userPublicId);
        return pool.preparedQuery(INSERT).execute(values).map(FirmwareStore::first);
    }

    /** Inserts a record whose artifact is an update bundle; empty when the version or bundle name exists. */
    public Uni<Optional<StoredFirmware>> insertBundle(TenantId tenant, String publicId, BundleRecord bundle,
            String userPublicId) {
        Tuple values = Tuple.tuple().addString(publicId).addString(tenant.value()).addString(bundle.version())
                .addString(bundle.changelog()).addString(bundle.sha256()).addLong(bundle.size())
                .addString(bundle.artifactKey()).addString(bundle.name()).addString(userPublicId);
        return pool.preparedQuery(INSERT_BUNDLE).execute(values).map(FirmwareStore::first);
    }

    /** Whether the tenant has a record uploaded as a bundle of that file name. */
    public Uni<Boolean> bundleExists(TenantId tenant, String bundleName) {
        return pool.preparedQuery(BUNDLE_EXISTS).execute(Tuple.of(tenant.value(), bundleName))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Whether the tenant has a record of that version. */
    public Uni<Boolean> versionExists(TenantId tenant, String version) {
        return pool.preparedQuery(VERSION_EXISTS).execute(Tuple.of(tenant.value(), version))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** What an update bundle gives its record. */
    public record BundleRecord(String name, String version, String changelog, String sha256, long size,
            String artifactKey) {
    }

    public Uni<Long> count(TenantId tenant) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(tenant.value()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** One page, newest first. */
    public Uni<List<StoredFirmware>> page(TenantId tenant, int limit, long offset) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(tenant.value(), limit, offset)).map(FirmwareStore::all);
    }

    public Uni<Optional<StoredFirmware>> find(TenantId tenant, String publicId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenant.value(), publicId)).map(FirmwareStore::first);
    }

    /** The records {@code /ota/check} may offer (status pending or completed). */
    public Uni<List<StoredFirmware>> candidates(TenantId tenant) {
        return pool.preparedQuery(CANDIDATES).execute(Tuple.of(tenant.value())).map(FirmwareStore::all);
    }

    /**
     * Deletes the record; emits empty when there is none, else its artifact key (possibly null). Fails with a
     * {@link PgException} that {@link #isInUse} recognises while a rollout references it.
     */
    public Uni<Optional<Optional<String>>> delete(TenantId tenant, String publicId) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(tenant.value(), publicId))
                .map(rows -> rows.rowCount() == 0
                        ? Optional.empty()
                        : Optional.of(Optional.ofNullable(rows.iterator().next().getString(0))));
    }

    /**
     * Moves the record from {@code from} to {@code to}; empty when it is no longer in {@code from}.
     *
     * @param start also sets started_on if unset
     */
    public Uni<Optional<StoredFirmware>> transition(TenantId tenant, String publicId, String from, String to,
            String errorMessage, boolean start) {
        Tuple values = Tuple.tuple().addString(tenant.value()).addString(publicId).addString(from).addString(to)
                .addString(errorMessage).addBoolean(start);
        return pool.preparedQuery(TRANSITION).execute(values).map(FirmwareStore::first);
    }

    /** Records the artifact; empty when the record is gone or already has one. */
    public Uni<Optional<StoredFirmware>> attach(TenantId tenant, String publicId, String artifactKey, String hash,
            long size) {
        Tuple values = Tuple.tuple().addString(tenant.value()).addString(publicId).addString(artifactKey)
                .addString(hash).addLong(size);
        return pool.preparedQuery(ATTACH).execute(values).map(FirmwareStore::first);
    }

    /** Whether a delete failed because a rollout still uses the firmware. */
    public static boolean isInUse(Throwable failure) {
        return failure instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState());
    }

    private static Optional<StoredFirmware> first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(firmware(rows.iterator().next()));
    }

    private static List<StoredFirmware> all(RowSet<Row> rows) {
        List<StoredFirmware> out = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> out.add(firmware(row)));
        return out;
    }

    private static StoredFirmware firmware(Row row) {
        return new StoredFirmware(row.getLong(0), row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), row.getLong(5), row.getString(6), row.getString(7), row.getString(8),
                row.getString(9), instant(row.getOffsetDateTime(10)), instant(row.getOffsetDateTime(11)),
                instant(row.getOffsetDateTime(12)));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
