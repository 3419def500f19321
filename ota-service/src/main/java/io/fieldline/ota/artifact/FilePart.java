package io.fieldline.ota.artifact;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.ota.OtaAccess;
import io.fieldline.ota.OtaConfig;
import io.fieldline.ota.RouteFailures;
import io.fieldline.ota.firmware.service.FirmwareErrors;
import io.fieldline.support.http.ValidationFailure;
import io.fieldline.support.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Receives the {@code file} part of a paused multipart request into a new temp file of the artifact storage, hashed
 * while it streams ({@link HashingWriter}). Other parts are read as form attributes. On any failure — a part the
 * caller refuses, a missing part, a body over the limit, a cut-off body — the temp file is gone before the failure
 * is emitted.
 */
@ApplicationScoped
public class FilePart {

    static final String NAME = "file";
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final ArtifactStorage artifacts;
    private final long limit;

    FilePart(Vertx vertx, ArtifactStorage artifacts, OtaConfig config) {
        this.vertx = vertx;
        this.artifacts = artifacts;
        this.limit = config.storage().maxArtifactSize().asLongValue();
    }

    /** The largest file accepted ({@code fieldline.ota.storage.max-artifact-size}), in bytes. */
    public long limit() {
        return limit;
    }

    /**
     * Pauses the upload request and checks it: an identity allowed to manage OTA and a multipart/form-data body.
     *
     * @return the caller, or empty once the refusal has been answered
     */
    public static Optional<Caller> uploader(RoutingContext ctx) {
        ctx.request().pause();
        try {
            Caller caller = OtaAccess.of(ctx);
            OtaAccess.requireManage(caller);
            String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
                throw FirmwareErrors.badRequest("Expected a multipart/form-data body with a 'file' part.");
            }
            return Optional.of(caller);
        } catch (RuntimeException e) {
            RouteFailures.end(ctx, e);
            return Optional.empty();
        }
    }

    /**
     * Reads the request's body.
     *
     * @param accept looks at the part before it is written (e.g. its file name); what it throws fails the upload once
     *            the body has been read
     */
    public Uni<HashingWriter.Written> receive(HttpServerRequest request, Consumer<HttpServerFileUpload> accept) {
        Path temp = artifacts.newTempFile();
        Receipt receipt = new Receipt();
        Promise<Void> ended = Promise.promise();
        request.setExpectMultipart(true);
        request.uploadHandler(upload -> {
            if (!NAME.equals(upload.name()) || receipt.started || receipt.refused != null) {
                upload.handler(ignored -> {
                });
                return;
            }
            try {
                accept.accept(upload);
            } catch (RuntimeException refused) {
                receipt.refused = refused;
                upload.handler(ignored -> {
                });
                return;
            }
            receipt.started = true;
            upload.pause();
            HashingWriter.write(vertx, upload, temp, limit).onComplete(receipt.file);
        });
        request.exceptionHandler(ended::tryFail);
        request.endHandler(v -> ended.tryComplete());
        request.resume();
        Promise<HashingWriter.Written> received = Promise.promise();
        // A failed write (too large, disk) answers at once, without waiting for the rest of the body.
        receipt.file.future().onFailure(received::tryFail);
        ended.future().onFailure(received::tryFail).onSuccess(v -> {
            if (receipt.refused != null) {
                received.tryFail(receipt.refused);
            } else if (!receipt.started) {
                received.tryFail(ValidationFailure.body(NAME, "Field required", "missing"));
            } else {
                receipt.file.future().onComplete(received);
            }
        });
        return Uni.createFrom().completionStage(received.future().toCompletionStage())
                .onFailure().call(() -> settled(receipt).flatMap(x -> artifacts.discard(temp)));
    }

    // Waits until the writer closed its file (a cut-off body fails the upload stream too), so the discard comes last.
    private static Uni<Void> settled(Receipt receipt) {
        if (!receipt.started) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(receipt.file.future()
                .<Void>transform(x -> Future.succeededFuture()).toCompletionStage())
                .ifNoItem().after(SETTLE_TIMEOUT).recoverWithItem((Void) null);
    }

    /** The state of one upload: whether its file part started or was refused, and the write of it. */
    private static final class Receipt {

        private final Promise<HashingWriter.Written> file = Promise.promise();
        private boolean started;
        private RuntimeException refused;
    }
}
