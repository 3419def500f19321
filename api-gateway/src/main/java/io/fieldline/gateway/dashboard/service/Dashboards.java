package io.fieldline.gateway.dashboard.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;

import io.fieldline.gateway.dashboard.store.DashboardRow;
import io.fieldline.gateway.dashboard.store.DashboardStore;
import io.fieldline.gateway.dashboard.store.WidgetChange;
import io.fieldline.gateway.dashboard.store.WidgetRow;
import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.Permission;
import io.fieldline.model.PublicIds;
import io.fieldline.model.Role;
import io.smallrye.mutiny.Uni;

/**
 * Seed 000 dashboards within the caller's tenant: everyone sees their own and the global ones; operators create;
 * only the owner or an admin changes or deletes a dashboard and its widgets (a global one too).
 */
@ApplicationScoped
public class Dashboards {

    private final DashboardStore store;
    private final EventCatalog events;

    Dashboards(DashboardStore store, EventCatalog events) {
        this.store = store;
        this.events = events;
    }

    /** One page of the caller's own and the tenant's global dashboards, newest first, with their widgets. */
    public Uni<Page<DashboardWithWidgets>> list(GatewayCaller caller, PageRequest page) {
        requireReader(caller);
        long tenant = caller.tenantRowId();
        return store.countVisible(tenant, caller.subject()).flatMap(total -> total <= page.offset()
                ? Uni.createFrom().item(Page.<DashboardWithWidgets>of(page, total, List.of()))
                : store.pageVisible(tenant, caller.subject(), page)
                        .flatMap(this::withWidgets)
                        .map(rows -> Page.of(page, total, rows)));
    }

    /**
     * A dashboard the caller may see.
     *
     * @throws NotFoundException (404) if the tenant has no such dashboard
     * @throws ForbiddenException (403 "Not allowed.") if it is another user's and not global
     */
    public Uni<DashboardWithWidgets> get(GatewayCaller caller, String publicId) {
        requireReader(caller);
        return existing(caller, publicId).flatMap(dashboard -> {
            if (!dashboard.isGlobal() && !dashboard.userPublicId().equals(caller.subject())) {
                throw notAllowed();
            }
            return withWidgets(List.of(dashboard)).map(found -> found.get(0));
        });
    }

    /** Creates a dashboard owned by the caller. */
    public Uni<DashboardWithWidgets> create(GatewayCaller caller, String name, boolean isGlobal) {
        requireWriter(caller);
        return store.insert(PublicIds.newId(), caller.tenantRowId(), name, isGlobal, caller.subject())
                .map(row -> new DashboardWithWidgets(row, List.of()));
    }

    /** Renames and/or changes the visibility of a dashboard (null leaves a field as it is). */
    public Uni<Void> update(GatewayCaller caller, String publicId, String name, Boolean isGlobal) {
        requireWriter(caller);
        return editable(caller, publicId)
                .flatMap(dashboard -> store.update(caller.tenantRowId(), dashboard.id(), name, isGlobal));
    }

    /** Deletes a dashboard and its widgets. */
    public Uni<Void> delete(GatewayCaller caller, String publicId) {
        requireWriter(caller);
        return editable(caller, publicId).flatMap(dashboard -> store.delete(caller.tenantRowId(), dashboard.id()));
    }

    /**
     * Adds a widget to a dashboard.
     *
     * @throws NotFoundException (404 "Event not found.") for an event the tenant does not have
     */
    public Uni<WidgetRow> addWidget(GatewayCaller caller, String dashboardPublicId, NewWidget widget) {
        requireWriter(caller);
        return editable(caller, dashboardPublicId)
                .call(dashboard -> checkEvent(caller, widget.eventPublicId()))
                .flatMap(dashboard -> store.insertWidget(dashboard.id(), new WidgetRow(dashboard.id(),
                        PublicIds.newId(), widget.widgetType(), widget.title(), widget.eventPublicId(), widget.x(),
                        widget.y(), widget.w(), widget.h(), widget.configJson())));
    }

    /**
     * Applies a partial change to a widget of the dashboard.
     *
     * @throws NotFoundException (404) for an unknown widget, one on another dashboard ("Widget not on this
     *         dashboard.") or an unknown event
     */
    public Uni<Void> updateWidget(GatewayCaller caller, String dashboardPublicId, String widgetPublicId,
            WidgetChange change) {
        requireWriter(caller);
        return widgetOf(caller, dashboardPublicId, widgetPublicId)
                .call(dashboard -> change.setEvent() ? checkEvent(caller, change.eventPublicId())
                        : Uni.createFrom()
                                .voidItem())
                .flatMap(dashboard -> store.updateWidget(dashboard.id(), widgetPublicId, change));
    }

    /** Deletes a widget of the dashboard. */
    public Uni<Void> deleteWidget(GatewayCaller caller, String dashboardPublicId, String widgetPublicId) {
        requireWriter(caller);
        return widgetOf(caller, dashboardPublicId, widgetPublicId)
                .flatMap(dashboard -> store.deleteWidget(dashboard.id(), widgetPublicId));
    }

    private Uni<DashboardRow> existing(GatewayCaller caller, String publicId) {
        return store.find(caller.tenantRowId(), publicId).map(found -> found.orElseThrow(
                () -> new NotFoundException("Dashboard '" + publicId + "' not found.")));
    }

    // Seed 000: owner or admin, whatever the visibility.
    private Uni<DashboardRow> editable(GatewayCaller caller, String publicId) {
        return existing(caller, publicId).map(dashboard -> {
            if (!dashboard.userPublicId().equals(caller.subject()) && !caller.role().atLeast(Role.ADMIN)) {
                throw notAllowed();
            }
            return dashboard;
        });
    }

    // The dashboard, once the widget is known to be on it.
    private Uni<DashboardRow> widgetOf(GatewayCaller caller, String dashboardPublicId, String widgetPublicId) {
        return editable(caller, dashboardPublicId).call(dashboard -> store
                .findWidget(caller.tenantRowId(), widgetPublicId).map(found -> {
                    WidgetRow widget = found.orElseThrow(() -> new NotFoundException(
                            "DashboardWidget '" + widgetPublicId + "' not found."));
                    if (widget.dashboardId() != dashboard.id()) {
                        throw new NotFoundException("Widget not on this dashboard.");
                    }
                    return widget;
                }));
    }

    private Uni<Void> checkEvent(GatewayCaller caller, String eventPublicId) {
        return eventPublicId == null ? Uni.createFrom().voidItem() : events.requireEvent(caller, eventPublicId);
    }

    private Uni<List<DashboardWithWidgets>> withWidgets(List<DashboardRow> dashboards) {
        return store.widgetsOf(dashboards.stream().map(DashboardRow::id).toList()).map(widgets -> {
            Map<Long, List<WidgetRow>> byDashboard = new LinkedHashMap<>();
            widgets.forEach(w -> byDashboard.computeIfAbsent(w.dashboardId(), id -> new ArrayList<>())
                    .add(w));
            return dashboards.stream()
                    .map(d -> new DashboardWithWidgets(d, byDashboard.getOrDefault(d.id(), List.of())))
                    .toList();
        });
    }

    private static void requireReader(GatewayCaller caller) {
        if (!caller.permissions().contains(Permission.READ_DATA.wireName())) {
            throw new ForbiddenException("Viewer privileges required.");
        }
    }

    private static void requireWriter(GatewayCaller caller) {
        if (!caller.permissions().contains(Permission.WRITE_DATA.wireName())) {
            throw new ForbiddenException("Operator privileges required.");
        }
    }

    private static ForbiddenException notAllowed() {
        return new ForbiddenException("Not allowed.");
    }
}
