package io.fieldline.ota.firmware.service;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.PublicIds;
import io.fieldline.model.TenantId;
import io.fieldline.ota.OtaAccess;
import io.fieldline.ota.artifact.ArtifactStorage;
import io.fieldline.ota.firmware.store.FirmwareStore;
import io.fieldline.ota.firmware.store.StoredFirmware;
import io.fieldline.support.identity.Caller;
import io.smallrye.mutiny.Uni;

/**
 * Firmware records of the caller's tenant (seed 000 {@code /api/v1/ota}): admins create, read and delete them; an id
 * of another tenant is answered exactly like an unknown id. Applying and rolling back live in {@link UpdateService}.
 */
@ApplicationScoped
public class FirmwareService {

    private final FirmwareStore store;
    private final ArtifactStorage artifacts;

    FirmwareService(FirmwareStore store, ArtifactStorage artifacts) {
        this.store = store;
        this.artifacts = artifacts;
    }

    /** Creates a record; 409 when the tenant already has the version. */
    public Uni<StoredFirmware> create(Caller caller, String version, String changelog, String fileHash) {
        OtaAccess.requireManage(caller);
        return store.insert(caller.tenant(), PublicIds.newId(), version, changelog, lower(fileHash), caller.subject())
                .map(inserted -> inserted.orElseThrow(FirmwareErrors::duplicateVersion));
    }

    /** One page of the tenant's records, newest first. */
    public Uni<Page<StoredFirmware>> list(Caller caller, PageRequest request) {
        OtaAccess.requireManage(caller);
        return store.count(caller.tenant()).flatMap(total -> total <= request.offset()
                ? Uni.createFrom().item(Page.of(request, total, List.<StoredFirmware>of()))
                : store.page(caller.tenant(), request.pageSize(), request.offset())
                        .map(rows -> Page.of(request, total, rows)));
    }

    /** The tenant's record (manage_ota). */
    public Uni<StoredFirmware> get(Caller caller, String publicId) {
        OtaAccess.requireManage(caller);
        return find(caller.tenant(), publicId);
    }

    /** The tenant's record, without a permission check (callers check first); 404 when absent. */
    public Uni<StoredFirmware> find(TenantId tenant, String publicId) {
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(FirmwareErrors.notFound(publicId));
        }
        return store.find(tenant, publicId).map(found -> found.orElseThrow(() -> FirmwareErrors.notFound(publicId)));
    }

    /** Deletes the record and then its artifact; 409 while a rollout uses it. */
    public Uni<Void> delete(Caller caller, String publicId) {
        OtaAccess.requireManage(caller);
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(FirmwareErrors.notFound(publicId));
        }
        return store.delete(caller.tenant(), publicId)
                .onFailure(FirmwareStore::isInUse).transform(e -> FirmwareErrors.inUse())
                .flatMap(deleted -> deleted
                        .map(key -> key.map(artifacts::delete).orElse(Uni.createFrom().voidItem()))
                        .orElseGet(() -> Uni.createFrom().failure(FirmwareErrors.notFound(publicId))));
    }

    /** The newest record above {@code current} with status pending or completed (seed 000's check). */
    public Uni<Optional<StoredFirmware>> newest(Caller caller, String current) {
        OtaAccess.requireRead(caller);
        return store.candidates(caller.tenant()).map(all -> all.stream()
                .filter(f -> Semver.isNewer(f.version(), current))
                .max((a, b) -> Semver.ORDER.compare(a.version(), b.version())));
    }

    static String lower(String hash) {
        return hash == null ? null : hash.toLowerCase(java.util.Locale.ROOT);
    }
}
