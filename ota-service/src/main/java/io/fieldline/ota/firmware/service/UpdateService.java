package io.fieldline.ota.firmware.service;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.model.TenantId;
import io.fieldline.ota.OtaAccess;
import io.fieldline.ota.artifact.ArtifactStorage;
import io.fieldline.ota.artifact.HashingWriter;
import io.fieldline.ota.fetch.FirmwareFetcher;
import io.fieldline.ota.firmware.store.FirmwareStore;
import io.fieldline.ota.firmware.store.StoredFirmware;
import io.fieldline.support.identity.Caller;
import io.smallrye.mutiny.Uni;

/**
 * Seed 000's apply and rollback: each step is a compare-and-set on the record's status along the allowed transitions
 * ({@link FirmwareStatus}), so a concurrent second apply gets the 409 instead of running twice.
 */
@ApplicationScoped
public class UpdateService {

    private final FirmwareService firmware;
    private final FirmwareStore store;
    private final ArtifactStorage artifacts;
    private final FirmwareFetcher fetcher;

    UpdateService(FirmwareService firmware, FirmwareStore store, ArtifactStorage artifacts, FirmwareFetcher fetcher) {
        this.firmware = firmware;
        this.store = store;
        this.artifacts = artifacts;
        this.fetcher = fetcher;
    }

    /**
     * Applies the update. Without {@code downloadUrl}: verifies a stored artifact against its hash, then completes.
     * With it: downloading → verifying → applying → completed; a failed download or hash check records failed with the
     * reason and answers 400 with it.
     */
    public Uni<StoredFirmware> apply(Caller caller, String publicId, String downloadUrl, String expectedHash) {
        OtaAccess.requireManage(caller);
        TenantId tenant = caller.tenant();
        return firmware.find(tenant, publicId).flatMap(current -> downloadUrl == null
                ? applyStored(tenant, current)
                : applyDownload(tenant, current, downloadUrl,
                        expectedHash != null ? FirmwareService.lower(expectedHash) : current.fileHashSha256()));
    }

    /** completed → rolled_back; anything else is a 409. */
    public Uni<StoredFirmware> rollback(Caller caller, String publicId) {
        OtaAccess.requireManage(caller);
        return firmware.find(caller.tenant(), publicId)
                .flatMap(current -> move(caller.tenant(), current, FirmwareStatus.ROLLED_BACK, null));
    }

    private Uni<StoredFirmware> applyStored(TenantId tenant, StoredFirmware current) {
        FirmwareStatus.check(current.status(), FirmwareStatus.COMPLETED);
        if (!current.hasFirmwareFile() || current.fileHashSha256() == null) {
            return move(tenant, current, FirmwareStatus.COMPLETED, null);
        }
        return artifacts.sha256(current.artifactKey())
                .flatMap(actual -> actual.orElse("").equals(current.fileHashSha256())
                        ? move(tenant, current, FirmwareStatus.COMPLETED, null)
                        : fail(tenant, current.publicId(), current.status(), FirmwareErrors.HASH_MISMATCH));
    }

    private Uni<StoredFirmware> applyDownload(TenantId tenant, StoredFirmware current, String url,
            String expectedHash) {
        FirmwareStatus.check(current.status(), FirmwareStatus.DOWNLOADING);
        if (current.hasFirmwareFile()) {
            throw FirmwareErrors.fileExists();
        }
        Path temp = artifacts.newTempFile();
        return move(tenant, current, FirmwareStatus.DOWNLOADING, null)
                .flatMap(downloading -> fetcher.fetch(url, temp)
                        .onFailure().call(() -> artifacts.discard(temp))
                        .onFailure().transform(DownloadFailed::new)
                        .flatMap(written -> verifyAndStore(tenant, downloading, written, expectedHash))
                        .onFailure(DownloadFailed.class).recoverWithUni(e -> fail(tenant, current.publicId(),
                                FirmwareStatus.DOWNLOADING, e.getMessage())));
    }

    /** A download that failed, with the reason to record (seed 000: "download_failed: ..."). */
    private static final class DownloadFailed extends RuntimeException {

        DownloadFailed(Throwable cause) {
            super(cause instanceof FirmwareFetcher.FetchFailed ? cause.getMessage()
                    : "download_failed: " + cause.getMessage(), cause, false, false);
        }
    }

    private Uni<StoredFirmware> verifyAndStore(TenantId tenant, StoredFirmware downloading,
            HashingWriter.Written written, String expectedHash) {
        String id = downloading.publicId();
        return transition(tenant, id, FirmwareStatus.DOWNLOADING, FirmwareStatus.VERIFYING).flatMap(verifying -> {
            if (expectedHash != null && !expectedHash.equals(written.sha256())) {
                return artifacts.discard(written.file())
                        .flatMap(v -> fail(tenant, id, FirmwareStatus.VERIFYING, FirmwareErrors.HASH_MISMATCH));
            }
            String key = ArtifactKeys.of(tenant, id);
            return transition(tenant, id, FirmwareStatus.VERIFYING, FirmwareStatus.APPLYING)
                    .call(() -> artifacts.commit(written, key))
                    .call(() -> store.attach(tenant, id, key, written.sha256(), written.size()))
                    .flatMap(applying -> transition(tenant, id, FirmwareStatus.APPLYING, FirmwareStatus.COMPLETED));
        });
    }

    private Uni<StoredFirmware> move(TenantId tenant, StoredFirmware current, String to, String error) {
        FirmwareStatus.check(current.status(), to);
        return store.transition(tenant, current.publicId(), current.status(), to, error,
                !to.equals(FirmwareStatus.ROLLED_BACK))
                .flatMap(moved -> moved.map(m -> Uni.createFrom().item(m))
                        // Someone else moved it meanwhile: answer with the move that is now illegal.
                        .orElseGet(() -> firmware.find(tenant, current.publicId()).map(now -> {
                            throw FirmwareStatus.illegal(now.status(), to);
                        })));
    }

    private Uni<StoredFirmware> transition(TenantId tenant, String id, String from, String to) {
        return store.transition(tenant, id, from, to, null, true)
                .map(moved -> moved.orElseThrow(() -> FirmwareStatus.illegal(from, to)));
    }

    // Records failed with the reason, then answers 400 with it (seed 000).
    private Uni<StoredFirmware> fail(TenantId tenant, String id, String from, String reason) {
        return store.transition(tenant, id, from, FirmwareStatus.FAILED, reason, true)
                .map(x -> {
                    throw FirmwareErrors.badRequest(reason);
                });
    }
}
