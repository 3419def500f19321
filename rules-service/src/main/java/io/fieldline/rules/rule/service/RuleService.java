package io.fieldline.rules.rule.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.PublicIds;
import io.fieldline.rules.engine.RuleCache;
import io.fieldline.rules.rule.store.RuleFields;
import io.fieldline.rules.rule.store.RuleStore;
import io.fieldline.rules.rule.store.StoredRule;
import io.fieldline.support.identity.Caller;
import io.smallrye.mutiny.Uni;

/**
 * Rules of the caller's tenant, in seed 000's validation order: invalid fields 422, an unknown event 404, then a
 * duplicate name 409. Every write is handed to the local {@link RuleCache} at once (other replicas poll for it).
 */
@ApplicationScoped
public class RuleService {

    private final RuleStore store;
    private final EventDirectory events;
    private final RuleCache cache;

    RuleService(RuleStore store, EventDirectory events, RuleCache cache) {
        this.store = store;
        this.events = events;
        this.cache = cache;
    }

    /** Creates a rule for an event of the tenant. */
    public Uni<StoredRule> create(Caller caller, String authorization, RuleFields requested) {
        RuleAccess.require(caller);
        RuleFields fields = RuleChecks.withDefaults(requested);
        RuleChecks.check(fields);
        return requireEvent(authorization, fields.eventPublicId())
                .flatMap(ok -> store.insert(caller.tenant(), PublicIds.newId(), fields, caller.subject()))
                .map(inserted -> cache.apply(inserted.orElseThrow(RuleChecks::duplicateName)));
    }

    /** One page of the tenant's rules, newest first. */
    public Uni<Page<StoredRule>> list(Caller caller, PageRequest request) {
        RuleAccess.require(caller);
        return store.count(caller.tenant()).flatMap(total -> total <= request.offset()
                ? Uni.createFrom().item(Page.of(request, total, List.<StoredRule>of()))
                : store.page(caller.tenant(), request.pageSize(), request.offset())
                        .map(rows -> Page.of(request, total, rows)));
    }

    /** The tenant's rule; 404 when it does not exist in the tenant. */
    public Uni<StoredRule> get(Caller caller, String publicId) {
        RuleAccess.require(caller);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(RuleChecks.notFound(publicId));
        }
        return store.find(caller.tenant(), publicId)
                .map(found -> found.orElseThrow(() -> RuleChecks.notFound(publicId)));
    }

    /**
     * Merges the changes into the stored rule and checks the result as a whole (seed 000 checks the band again after
     * merging); a changed event must exist.
     */
    public Uni<StoredRule> update(Caller caller, String authorization, String publicId, RuleFields changes) {
        return get(caller, publicId).flatMap(stored -> {
            RuleFields merged = RuleFields.of(stored).merge(changes);
            RuleChecks.check(merged);
            Uni<Boolean> eventCheck = changes.eventPublicId() == null
                    || changes.eventPublicId().equals(stored.eventPublicId())
                            ? Uni.createFrom().item(true)
                            : requireEvent(authorization, merged.eventPublicId());
            return eventCheck.flatMap(ok -> store.update(caller.tenant(), publicId, merged))
                    .onFailure(RuleStore::isDuplicateName).transform(e -> RuleChecks.duplicateName())
                    .map(updated -> cache.apply(updated.orElseThrow(() -> RuleChecks.notFound(publicId))));
        });
    }

    /** Deletes the rule (its incidents and their history stay readable). */
    public Uni<Void> delete(Caller caller, String publicId) {
        RuleAccess.require(caller);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(RuleChecks.notFound(publicId));
        }
        return store.delete(caller.tenant(), publicId)
                .map(deleted -> cache.apply(deleted.orElseThrow(() -> RuleChecks.notFound(publicId))))
                .replaceWithVoid();
    }

    private Uni<Boolean> requireEvent(String authorization, String eventPublicId) {
        return events.exists(authorization, eventPublicId).map(found -> {
            if (!found) {
                throw RuleChecks.eventNotFound(eventPublicId);
            }
            return true;
        });
    }
}
