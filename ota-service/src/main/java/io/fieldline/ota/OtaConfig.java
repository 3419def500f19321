package io.fieldline.ota;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of ota-service ({@code fieldline.ota.*}; env {@code FIELDLINE_OTA_*}). */
@ConfigMapping(prefix = "fieldline.ota")
public interface OtaConfig {

    /** Where firmware artifacts live. */
    Storage storage();

    /** Fetching firmware from a {@code download_url} ({@code POST /ota/{id}/apply}). */
    Download download();

    /** Signed links that let devices fetch artifacts from ota-service directly instead of through the gateway. */
    DownloadLinks downloadLinks();

    /** Staged rollouts. */
    Rollout rollout();

    /** The activity outbox. */
    Outbox outbox();

    /**
     * The version {@code GET /ota/check} compares against (seed 000: the application's own version); absent means the
     * application version without any pre-release suffix.
     */
    Optional<String> currentVersion();

    /** Artifact storage. */
    interface Storage {

        /** Where artifacts live: on a filesystem volume ({@link #directory()}) or in an S3-compatible bucket. */
        @WithDefault("filesystem")
        StorageKind kind();

        /**
         * Directory of the filesystem artifact store, and of the temp files of uploads in progress with either kind
         * (an upload is received and verified locally before it is committed to the store).
         */
        @WithDefault(".fieldline/ota-artifacts")
        Path directory();

        /**
         * The largest artifact accepted (seed 000: 500 MB); also the body limit of the upload route, which must match
         * {@code fieldline.http.body-limit.routes} for it.
         */
        @WithDefault("500M")
        MemorySize maxArtifactSize();

        /** The S3-compatible store; used with {@code kind=s3}, which requires endpoint, bucket and both keys. */
        S3 s3();
    }

    /** The kinds of artifact store. */
    enum StorageKind {
        FILESYSTEM, S3
    }

    /**
     * An S3-compatible object store (AWS S3, MinIO, Ceph RGW, ...), called with AWS Signature V4. Devices download from
     * it directly by presigned URLs, so the endpoint must be reachable from devices too.
     */
    interface S3 {

        /** Base URL of the store, e.g. {@code https://s3.eu-central-1.amazonaws.com} or {@code http://minio:9000}. */
        Optional<URI> endpoint();

        /** The bucket artifacts are stored in (it must exist). */
        Optional<String> bucket();

        /** The region signatures are scoped to (MinIO and most others accept the default). */
        @WithDefault("us-east-1")
        String region();

        /** Access key id. */
        Optional<String> accessKey();

        /** Secret access key; never logged. */
        Optional<String> secretKey();

        /**
         * Path-style addressing ({@code <endpoint>/<bucket>/<key>}), which MinIO and other self-hosted stores need;
         * false for virtual-hosted style ({@code <bucket>.<endpoint host>/<key>}).
         */
        @WithDefault("true")
        boolean pathStyle();

        /** How long a presigned download URL may be used to start (or resume) a download. */
        @WithDefault("15M")
        Duration presignLifetime();

        /** Connect timeout. */
        @WithDefault("5S")
        Duration connectTimeout();

        /** Timeout of a call without a body (HEAD, DELETE), and the longest silence within any call. */
        @WithDefault("30S")
        Duration requestTimeout();

        /** Timeout of a whole artifact transfer (the upload of a committed artifact, the read that re-hashes one). */
        @WithDefault("15M")
        Duration transferTimeout();
    }

    /** Downloads from {@code download_url}. */
    interface Download {

        /** Whole-download timeout (seed 000: 30 s). */
        @WithDefault("30S")
        Duration timeout();

        /** Connect timeout. */
        @WithDefault("5S")
        Duration connectTimeout();

        /**
         * Allows loopback, RFC 1918 and IPv6 unique-local targets. Only for tests and development: in production a
         * download_url must not reach the internal network. Link-local and cloud metadata addresses stay blocked.
         */
        @WithDefault("false")
        boolean allowPrivateTargets();
    }

    /**
     * Artifact downloads by redirect: with a public base URL, {@code GET /api/v1/ota/{id}/download} answers 307 to a
     * short-lived link signed with HMAC-SHA256 ({@code /ota-artifacts/...}), which ota-service serves itself (ranges
     * included) without a credential, as object stores serve pre-signed URLs. Only that path needs to be reachable
     * from devices. Without a base URL the artifact streams through the gateway.
     */
    interface DownloadLinks {

        /**
         * Where devices reach ota-service's {@code /ota-artifacts/} path, e.g. {@code https://ota.example.com}, or
         * {@code /} for links on the host the device asked (when the ingress routes that path to ota-service).
         */
        Optional<URI> publicBaseUrl();

        /** The key the links are signed with; at least 32 characters, the same on every replica. Required with a URL. */
        Optional<String> signingKey();

        /** How long a link may be used to start (or resume) a download. */
        @WithDefault("15M")
        Duration lifetime();
    }

    /** Rollouts. */
    interface Rollout {

        /** How long a started device may stay silent before it times out into failed, unless the rollout says. */
        @WithDefault("1H")
        Duration deviceTimeout();

        /** How often overdue devices are looked for. */
        @WithDefault("5S")
        Duration sweepInterval();

        /** The most devices one rollout may target. */
        @WithDefault("100000")
        int maxDevices();
    }

    /** Outbox relay. */
    interface Outbox {

        /** How often the outbox is drained when nothing woke the relay earlier. */
        @WithDefault("1S")
        Duration pollInterval();

        /** Records published per drain round. */
        @WithDefault("100")
        int batchSize();

        /** How long one round waits for Kafka's acknowledgements before it leaves the records for the next. */
        @WithDefault("10S")
        Duration ackTimeout();
    }
}
