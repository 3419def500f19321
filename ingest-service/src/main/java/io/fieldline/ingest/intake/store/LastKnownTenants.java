package io.fieldline.ingest.intake.store;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fieldline.ingest.intake.store.IntakeLookup.TenantView;
import io.fieldline.model.TenantId;

/**
 * The database's latest answers per tenant (which event ids exist, which experiment runs), so datapoints of events
 * this replica has seen are still accepted while PostgreSQL is unreachable (issue 4: "PostgreSQL down → ingestion
 * still accepts"; Kafka buffers them for the writer). Every successful lookup corrects the ids it asked about, so
 * the memory is stale only during an outage, when events and experiments cannot change anyway (their writes need
 * the database). Bounded: beyond {@link #MAX_TENANTS} tenants or {@link #MAX_EVENTS_PER_TENANT} events per tenant
 * nothing more is remembered (those requests get 503 during an outage, as without this).
 */
final class LastKnownTenants {

    static final int MAX_TENANTS = 10_000;
    static final int MAX_EVENTS_PER_TENANT = 10_000;

    private final Map<TenantId, Memory> tenants = new ConcurrentHashMap<>();

    /** Records the database's answer to a lookup of {@code requested}. */
    void remember(TenantId tenant, String[] requested, TenantView answer) {
        Memory memory = tenants.get(tenant);
        if (memory == null) {
            if (tenants.size() >= MAX_TENANTS) {
                return;
            }
            memory = tenants.computeIfAbsent(tenant, t -> new Memory());
        }
        memory.runningExperimentId = answer.runningExperimentId();
        for (String id : requested) {
            if (answer.knownEventIds().contains(id)) {
                if (memory.eventIds.size() < MAX_EVENTS_PER_TENANT) {
                    memory.eventIds.add(id);
                }
            } else {
                memory.eventIds.remove(id);
            }
        }
    }

    /** The remembered answer for {@code requested}, if every one of those ids is remembered as an event. */
    Optional<TenantView> recall(TenantId tenant, String[] requested) {
        Memory memory = tenants.get(tenant);
        if (memory == null) {
            return Optional.empty();
        }
        for (String id : requested) {
            if (!memory.eventIds.contains(id)) {
                return Optional.empty();
            }
        }
        return Optional.of(new TenantView(Set.of(requested), memory.runningExperimentId));
    }

    private static final class Memory {

        final Set<String> eventIds = ConcurrentHashMap.newKeySet();
        volatile String runningExperimentId;
    }
}
