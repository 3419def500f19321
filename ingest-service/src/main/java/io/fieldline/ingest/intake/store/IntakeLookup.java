package io.fieldline.ingest.intake.store;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.ingest.IngestConfig;
import io.fieldline.model.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Answers which of the request's event ids exist in the tenant and which experiment the tenant is running: from
 * {@link IntakeCache} when it remembers them all, else in one round trip. Datapoint intake is the hot path: a query
 * per datapoint or per event would cost more than the rest of the request.
 */
@ApplicationScoped
public class IntakeLookup {

    // One row: the running experiment (seed 000: any with stopped_on null; Fieldline takes the most recently started,
    // via the partial index experiment_tenant_running_idx) and the subset of the ids that are the tenant's events.
    private static final String LOOKUP = """
            SELECT (SELECT public_id FROM experiment WHERE tenant_id = $1 AND stopped_on IS NULL
                    ORDER BY started_on DESC, id DESC LIMIT 1),
                   ARRAY(SELECT public_id FROM event WHERE tenant_id = $1 AND public_id = ANY($2))""";

    private final Pool pool;
    private final IntakeCache cache;
    private final Duration timeout;
    private final LastKnownTenants lastKnown = new LastKnownTenants();
    private final LongAdder queries = new LongAdder();

    IntakeLookup(Pool pool, IntakeCache cache, IngestConfig config) {
        this.pool = pool;
        this.cache = cache;
        this.timeout = config.intake().lookupTimeout();
    }

    /**
     * The tenant's events among {@code eventIds} (or a superset of them) and its running experiment. When the
     * database fails or does not answer within {@code fieldline.ingest.intake.lookup-timeout}, answers from the last
     * successful lookups if they covered every one of the ids ({@link LastKnownTenants}), else fails.
     */
    public Uni<TenantView> lookup(TenantId tenant, String[] eventIds) {
        long generation = cache.generation();
        TenantView remembered = cache.recall(tenant, eventIds);
        if (remembered != null) {
            return Uni.createFrom().item(remembered);
        }
        queries.increment();
        return pool.preparedQuery(LOOKUP).execute(Tuple.of(tenant.value(), eventIds))
                .map(rows -> view(rows.iterator().next()))
                .ifNoItem().after(timeout).fail()
                .invoke(view -> {
                    lastKnown.remember(tenant, eventIds, view);
                    cache.remember(tenant, view, generation);
                })
                .onFailure().recoverWithUni(failure -> lastKnown.recall(tenant, eventIds)
                        .map(view -> Uni.createFrom().item(view))
                        .orElseGet(() -> Uni.createFrom().failure(failure)));
    }

    /** How many lookups this replica sent to the database (the others were answered from {@link IntakeCache}). */
    public long queries() {
        return queries.sum();
    }

    private static TenantView view(Row row) {
        String[] known = row.getArrayOfStrings(1);
        return new TenantView(known == null ? Set.of() : Set.of(known), row.getString(0));
    }

    /**
     * What the intake needs to know about a tenant for one request.
     *
     * @param knownEventIds the requested event public ids that exist in the tenant (from the cache: maybe more)
     * @param runningExperimentId public id of the experiment to tag datapoints with, or null
     */
    public record TenantView(Set<String> knownEventIds, String runningExperimentId) {
    }
}
