package io.fieldline.ota.bundle;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import io.fieldline.ota.firmware.service.FirmwareErrors;
import io.fieldline.ota.firmware.service.Semver;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The {@code manifest.json} of an update bundle (seed 000: {@code {version, images_sha256, changelog}} at the root
 * of the {@code .tar.gz}): Fieldline takes the version and changelog of the firmware record from it.
 */
record BundleManifest(String version, String changelog) {

    static final String FILE_NAME = "manifest.json";
    private static final int MAX_SIZE = 64 * 1024;
    private static final int MAX_CHANGELOG = 10_000;

    /**
     * Reads the manifest of a stored bundle; blocking (decompresses up to the whole bundle), so callers run it on a
     * worker thread. Anything wrong with the bundle is a 400 that says what.
     */
    static BundleManifest read(Path bundle) {
        byte[] json;
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(bundle), 65_536))) {
            json = TarEntries.find(in, FILE_NAME, MAX_SIZE)
                    .orElseThrow(() -> FirmwareErrors.badRequest("Bundle has no " + FILE_NAME + "."));
        } catch (ZipException | TarEntries.Malformed | EOFException e) {
            throw FirmwareErrors.badRequest("Bundle is not a valid .tar.gz archive: " + e.getMessage() + ".");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(json);
    }

    private static BundleManifest parse(byte[] json) {
        JsonObject manifest;
        try {
            manifest = new JsonObject(Buffer.buffer(json));
        } catch (DecodeException | ClassCastException e) {
            throw invalid("is not a JSON object");
        }
        if (!(manifest.getValue("version") instanceof String version) || !Semver.isValid(version)) {
            throw invalid("'version': " + Semver.MESSAGE);
        }
        Object changelog = manifest.getValue("changelog");
        if (changelog != null && !(changelog instanceof String text && text.length() <= MAX_CHANGELOG)) {
            throw invalid("'changelog' must be a string of at most " + MAX_CHANGELOG + " characters");
        }
        return new BundleManifest(version, (String) changelog);
    }

    private static RuntimeException invalid(String problem) {
        return FirmwareErrors.badRequest(FILE_NAME + " " + problem + ".");
    }
}
