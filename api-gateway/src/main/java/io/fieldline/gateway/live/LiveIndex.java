package io.fieldline.gateway.live;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.TenantId;

/**
 * Which open live connections want what: tenant → event → connections, plus per tenant the connections that want
 * every event and all of its connections. Routing an update touches only its tenant's matching connections, never a
 * scan of all sockets. Changed on event loops, read by the feed thread, hence concurrent sets throughout.
 */
@ApplicationScoped
class LiveIndex {

    private final ConcurrentHashMap<TenantId, TenantConnections> tenants = new ConcurrentHashMap<>();

    /** One tenant's connections. */
    private static final class TenantConnections {

        final Set<LiveConnection> everyone = ConcurrentHashMap.newKeySet();
        final Set<LiveConnection> allEvents = ConcurrentHashMap.newKeySet();
        final ConcurrentHashMap<String, Set<LiveConnection>> byEvent = new ConcurrentHashMap<>();
    }

    /** Adds a connection that wants every event of its tenant. */
    void add(LiveConnection connection) {
        tenants.compute(connection.tenant(), (tenant, known) -> {
            TenantConnections connections = known == null ? new TenantConnections() : known;
            connections.everyone.add(connection);
            connections.allEvents.add(connection);
            return connections;
        });
    }

    /** Removes a connection and its event subscriptions. */
    void remove(LiveConnection connection, Set<String> eventIds) {
        tenants.computeIfPresent(connection.tenant(), (tenant, connections) -> {
            connections.everyone.remove(connection);
            connections.allEvents.remove(connection);
            eventIds.forEach(eventId -> unwatch(connections, eventId, connection));
            return connections.everyone.isEmpty() ? null : connections;
        });
    }

    /** Moves a connection from the events it watched to those it watches now (none: every event). */
    void watch(LiveConnection connection, Set<String> before, Set<String> now) {
        tenants.computeIfPresent(connection.tenant(), (tenant, connections) -> {
            before.stream().filter(eventId -> !now.contains(eventId))
                    .forEach(eventId -> unwatch(connections, eventId, connection));
            now.forEach(eventId -> connections.byEvent
                    .computeIfAbsent(eventId, id -> ConcurrentHashMap.newKeySet()).add(connection));
            if (now.isEmpty()) {
                connections.allEvents.add(connection);
            } else {
                connections.allEvents.remove(connection);
            }
            return connections;
        });
    }

    /** Whether any connection of the tenant is open here (records of other tenants need not even be parsed). */
    boolean watches(TenantId tenant) {
        return tenants.containsKey(tenant);
    }

    /**
     * Hands an update to every connection that may want it (each applies its own type filter) and adds those that
     * now have something to flush to {@code toWake}.
     */
    void route(LiveUpdate update, Collection<LiveConnection> toWake) {
        TenantConnections connections = tenants.get(update.tenant());
        if (connections == null) {
            return;
        }
        String eventId = update instanceof LiveUpdate.Value value ? value.eventId()
                : ((LiveUpdate.Notice) update).eventId();
        Consumer<LiveConnection> offer = connection -> {
            if (connection.offer(update)) {
                toWake.add(connection);
            }
        };
        if (eventId == null) {
            connections.everyone.forEach(offer);
            return;
        }
        connections.allEvents.forEach(offer);
        Set<LiveConnection> watching = connections.byEvent.get(eventId);
        if (watching != null) {
            watching.forEach(offer);
        }
    }

    /** Calls {@code action} for every open connection (status messages). */
    void forEach(Consumer<LiveConnection> action) {
        tenants.values().forEach(connections -> connections.everyone.forEach(action));
    }

    private static void unwatch(TenantConnections connections, String eventId, LiveConnection connection) {
        connections.byEvent.computeIfPresent(eventId, (id, watching) -> {
            watching.remove(connection);
            return watching.isEmpty() ? null : watching;
        });
    }
}
