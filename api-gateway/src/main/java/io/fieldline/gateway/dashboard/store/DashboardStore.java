package io.fieldline.gateway.dashboard.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** SQL of the {@code dashboard} and {@code dashboard_widget} tables; every statement is scoped by the tenant. */
@ApplicationScoped
public class DashboardStore {

    private static final String COLUMNS = "id, public_id, name, is_global, created_on, user_public_id";
    private static final String WIDGET_COLUMNS = "dashboard_id, public_id, widget_type, title, event_public_id, "
            + "x, y, w, h, config_json";
    // Own dashboards plus the tenant's global ones (seed 000).
    private static final String VISIBLE = "FROM dashboard WHERE tenant_id = $1 AND (user_public_id = $2 OR is_global)";
    private static final String COUNT = "SELECT count(*) " + VISIBLE;
    private static final String PAGE = "SELECT " + COLUMNS + " " + VISIBLE
            + " ORDER BY created_on DESC, id DESC OFFSET $3 LIMIT $4";
    private static final String FIND = "SELECT " + COLUMNS + " FROM dashboard WHERE tenant_id = $1 AND public_id = $2";
    private static final String INSERT = "INSERT INTO dashboard (public_id, tenant_id, name, is_global, user_public_id) "
            + "VALUES ($1, $2, $3, $4, $5) RETURNING " + COLUMNS;
    private static final String UPDATE = "UPDATE dashboard SET name = COALESCE($3, name), "
            + "is_global = COALESCE($4, is_global) WHERE tenant_id = $1 AND id = $2";
    private static final String DELETE = "DELETE FROM dashboard WHERE tenant_id = $1 AND id = $2";
    private static final String WIDGETS = "SELECT " + WIDGET_COLUMNS
            + " FROM dashboard_widget WHERE dashboard_id = ANY($1) ORDER BY id";
    // The widget is looked up within the tenant, so another tenant's widget id is simply not found.
    private static final String FIND_WIDGET = "SELECT " + prefixed("w.", WIDGET_COLUMNS)
            + " FROM dashboard_widget w JOIN dashboard d ON d.id = w.dashboard_id "
            + "WHERE d.tenant_id = $1 AND w.public_id = $2";
    private static final String INSERT_WIDGET = "INSERT INTO dashboard_widget (public_id, dashboard_id, widget_type, "
            + "title, event_public_id, x, y, w, h, config_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
            + "RETURNING " + WIDGET_COLUMNS;
    private static final String UPDATE_WIDGET = "UPDATE dashboard_widget SET title = COALESCE($3, title), "
            + "event_public_id = CASE WHEN $4 THEN $5 ELSE event_public_id END, x = COALESCE($6, x), "
            + "y = COALESCE($7, y), w = COALESCE($8, w), h = COALESCE($9, h), "
            + "config_json = COALESCE($10, config_json) WHERE dashboard_id = $1 AND public_id = $2";
    private static final String DELETE_WIDGET = "DELETE FROM dashboard_widget WHERE dashboard_id = $1 AND public_id = $2";

    private final Pool pool;

    DashboardStore(Pool pool) {
        this.pool = pool;
    }

    /** How many dashboards the user sees in the tenant (own + global). */
    public Uni<Long> countVisible(long tenantRowId, String userPublicId) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(tenantRowId, userPublicId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** One page of the dashboards the user sees, newest first. */
    public Uni<List<DashboardRow>> pageVisible(long tenantRowId, String userPublicId, PageRequest page) {
        return pool.preparedQuery(PAGE)
                .execute(Tuple.of(tenantRowId, userPublicId, page.offset(), page.pageSize()))
                .map(DashboardStore::dashboards);
    }

    /** The tenant's dashboard with the public id, if any. */
    public Uni<Optional<DashboardRow>> find(long tenantRowId, String publicId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenantRowId, publicId))
                .map(rows -> dashboards(rows).stream().findFirst());
    }

    /** Inserts a dashboard and answers it as stored. */
    public Uni<DashboardRow> insert(String publicId, long tenantRowId, String name, boolean isGlobal,
            String userPublicId) {
        return pool.preparedQuery(INSERT).execute(Tuple.of(publicId, tenantRowId, name, isGlobal, userPublicId))
                .map(rows -> dashboard(rows.iterator().next()));
    }

    /** Changes name and/or visibility (null leaves a field unchanged). */
    public Uni<Void> update(long tenantRowId, long id, String name, Boolean isGlobal) {
        return pool.preparedQuery(UPDATE).execute(Tuple.of(tenantRowId, id, name, isGlobal)).replaceWithVoid();
    }

    /** Deletes a dashboard with its widgets. */
    public Uni<Void> delete(long tenantRowId, long id) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(tenantRowId, id)).replaceWithVoid();
    }

    /** The widgets of the given dashboards (internal ids of dashboards already scoped by tenant), ordered by id. */
    public Uni<List<WidgetRow>> widgetsOf(List<Long> dashboardIds) {
        if (dashboardIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(WIDGETS).execute(Tuple.of(dashboardIds.toArray(Long[]::new)))
                .map(DashboardStore::widgets);
    }

    /** The tenant's widget with the public id (on whichever dashboard), if any. */
    public Uni<Optional<WidgetRow>> findWidget(long tenantRowId, String widgetPublicId) {
        return pool.preparedQuery(FIND_WIDGET).execute(Tuple.of(tenantRowId, widgetPublicId))
                .map(rows -> widgets(rows).stream().findFirst());
    }

    /** Inserts a widget on a dashboard (internal id, already scoped by tenant) and answers it as stored. */
    public Uni<WidgetRow> insertWidget(long dashboardId, WidgetRow widget) {
        Tuple values = Tuple.tuple(List.of(widget.publicId(), dashboardId, widget.widgetType(), widget.title()))
                .addString(widget.eventPublicId())
                .addInteger(widget.x()).addInteger(widget.y()).addInteger(widget.w()).addInteger(widget.h())
                .addString(widget.configJson());
        return pool.preparedQuery(INSERT_WIDGET).execute(values).map(rows -> widgets(rows).get(0));
    }

    /** Applies a partial change to a widget of the dashboard (internal id, already scoped by tenant). */
    public Uni<Void> updateWidget(long dashboardId, String widgetPublicId, WidgetChange change) {
        Tuple values = Tuple.of(dashboardId, widgetPublicId).addString(change.title())
                .addBoolean(change.setEvent()).addString(change.eventPublicId())
                .addInteger(change.x()).addInteger(change.y()).addInteger(change.w()).addInteger(change.h())
                .addString(change.configJson());
        return pool.preparedQuery(UPDATE_WIDGET).execute(values).replaceWithVoid();
    }

    /** Deletes a widget of the dashboard (internal id, already scoped by tenant). */
    public Uni<Void> deleteWidget(long dashboardId, String widgetPublicId) {
        return pool.preparedQuery(DELETE_WIDGET).execute(Tuple.of(dashboardId, widgetPublicId)).replaceWithVoid();
    }

    private static List<DashboardRow> dashboards(RowSet<Row> rows) {
        List<DashboardRow> found = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> found.add(dashboard(row)));
        return found;
    }

    private static DashboardRow dashboard(Row row) {
        return new DashboardRow(row.getLong(0), row.getString(1), row.getString(2), row.getBoolean(3),
                row.getOffsetDateTime(4).toInstant(), row.getString(5));
    }

    private static List<WidgetRow> widgets(RowSet<Row> rows) {
        List<WidgetRow> found = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> found.add(new WidgetRow(row.getLong(0), row.getString(1), row.getString(2),
                row.getString(3), row.getString(4), row.getInteger(5), row.getInteger(6), row.getInteger(7),
                row.getInteger(8), row.getString(9))));
        return found;
    }

    private static String prefixed(String prefix, String columns) {
        return prefix + columns.replace(", ", ", " + prefix);
    }
}
