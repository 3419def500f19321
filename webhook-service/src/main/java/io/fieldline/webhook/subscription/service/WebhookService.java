package io.fieldline.webhook.subscription.service;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.PublicIds;
import io.fieldline.support.identity.Caller;
import io.fieldline.webhook.WebhookConfig;
import io.fieldline.webhook.delivery.dispatch.TargetGuard;
import io.fieldline.webhook.signing.SecretCipher;
import io.fieldline.webhook.signing.Signatures;
import io.fieldline.webhook.subscription.store.StoredWebhook;
import io.fieldline.webhook.subscription.store.WebhookFields;
import io.fieldline.webhook.subscription.store.WebhookStore;
import io.smallrye.mutiny.Uni;

/**
 * Webhook subscriptions of the caller's tenant (admin only, seed 000). Secrets are stored encrypted and never
 * returned, except a secret the service generated, once, in the answer that created it.
 */
@ApplicationScoped
public class WebhookService {

    private final WebhookStore store;
    private final SecretCipher cipher;
    private final TargetGuard guard;
    private final WebhookConfig config;

    WebhookService(WebhookStore store, SecretCipher cipher, TargetGuard guard, WebhookConfig config) {
        this.store = store;
        this.cipher = cipher;
        this.guard = guard;
        this.config = config;
    }

    /** A subscription and, when the service generated its secret, that secret (shown this once). */
    public record Created(StoredWebhook webhook, String generatedSecret) {
    }

    /** Creates a subscription; 409 when the tenant already has one for the URL. */
    public Uni<Created> create(Caller caller, WebhookFields fields, String secret) {
        WebhookRules.requireManage(caller);
        WebhookRules.checkUrl(fields.url(), guard);
        WebhookRules.checkEvents(fields.events());
        WebhookRules.checkSchedule(fields.retrySchedule());
        WebhookRules.checkSecret(secret);
        String generated = secret == null ? Signatures.newSecret() : null;
        WebhookFields stored = new WebhookFields(fields.url(), distinct(fields.events()), fields.enabled(),
                fields.paused(), fields.retrySchedule(), cipher.encrypt(secret == null ? generated : secret));
        return store.insert(caller.tenant(), PublicIds.newId(), stored, caller.subject())
                .map(inserted -> new Created(inserted.orElseThrow(WebhookRules::duplicateUrl), generated));
    }

    /** One page of the tenant's subscriptions, newest first. */
    public Uni<Page<StoredWebhook>> list(Caller caller, PageRequest request) {
        WebhookRules.requireManage(caller);
        return store.count(caller.tenant()).flatMap(total -> total <= request.offset()
                ? Uni.createFrom().item(Page.of(request, total, List.<StoredWebhook>of()))
                : store.page(caller.tenant(), request.pageSize(), request.offset())
                        .map(rows -> Page.of(request, total, rows)));
    }

    /** The tenant's subscription; 404 when it does not exist in the tenant. */
    public Uni<StoredWebhook> get(Caller caller, String publicId) {
        WebhookRules.requireManage(caller);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(WebhookRules.notFound(publicId));
        }
        return store.find(caller.tenant(), publicId)
                .map(found -> found.orElseThrow(() -> WebhookRules.notFound(publicId)));
    }

    /**
     * Changes the given fields (a new secret replaces the old one at once; use {@link #rotate} for a grace period).
     * Enabling a subscription the platform disabled clears the reason.
     */
    public Uni<StoredWebhook> update(Caller caller, String publicId, WebhookFields changes, String secret,
            boolean setSchedule) {
        WebhookRules.requireManage(caller);
        WebhookRules.checkUrl(changes.url(), guard);
        WebhookRules.checkEvents(changes.events());
        WebhookRules.checkSchedule(changes.retrySchedule());
        WebhookRules.checkSecret(secret);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(WebhookRules.notFound(publicId));
        }
        WebhookFields stored = new WebhookFields(changes.url(), distinct(changes.events()), changes.enabled(),
                changes.paused(), changes.retrySchedule(), secret == null ? null : cipher.encrypt(secret));
        return store.update(caller.tenant(), publicId, stored, setSchedule)
                .onFailure(WebhookStore::isDuplicateUrl).transform(e -> WebhookRules.duplicateUrl())
                .map(updated -> updated.orElseThrow(() -> WebhookRules.notFound(publicId)));
    }

    /**
     * Replaces the secret; the current one keeps signing (both signatures are sent) for {@code grace}, or the
     * configured grace when null.
     */
    public Uni<Created> rotate(Caller caller, String publicId, String secret, Duration grace) {
        WebhookRules.requireManage(caller);
        WebhookRules.checkSecret(secret);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(WebhookRules.notFound(publicId));
        }
        String generated = secret == null ? Signatures.newSecret() : null;
        Instant until = Instant.now().plus(grace == null ? config.rotationGrace() : grace);
        return store.rotate(caller.tenant(), publicId, cipher.encrypt(secret == null ? generated : secret), until)
                .map(found -> new Created(found.orElseThrow(() -> WebhookRules.notFound(publicId)), generated));
    }

    /** Deletes the subscription and its delivery log. */
    public Uni<Void> delete(Caller caller, String publicId) {
        WebhookRules.requireManage(caller);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(WebhookRules.notFound(publicId));
        }
        return store.delete(caller.tenant(), publicId).flatMap(found -> found
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(WebhookRules.notFound(publicId)));
    }

    /** Whether the tenant paused all deliveries. */
    public Uni<Boolean> tenantPaused(Caller caller) {
        WebhookRules.requireManage(caller);
        return store.tenantPaused(caller.tenant());
    }

    /** Pauses (deliveries wait, none is dropped) or resumes all deliveries of the tenant. */
    public Uni<Void> setTenantPaused(Caller caller, boolean paused) {
        WebhookRules.requireManage(caller);
        return store.setTenantPaused(caller.tenant(), paused);
    }

    private static List<String> distinct(List<String> events) {
        return events == null ? null : List.copyOf(new LinkedHashSet<>(events));
    }
}
