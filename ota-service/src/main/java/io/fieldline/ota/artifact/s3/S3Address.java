package io.fieldline.ota.artifact.s3;

import java.net.URI;
import java.util.Locale;

/**
 * Where a bucket's objects are reached: path-style ({@code http://host:port/bucket/key}) or virtual-hosted
 * ({@code https://bucket.host/key}).
 *
 * @param tls whether to use https
 * @param host the host to connect to
 * @param port the port to connect to
 * @param hostHeader the {@code Host} header, as clients send it (no port when it is the scheme's default)
 * @param bucketPath the encoded path prefix of the bucket's objects ({@code /bucket} or empty)
 */
record S3Address(boolean tls, String host, int port, String hostHeader, String bucketPath) {

    static S3Address of(URI endpoint, String bucket, boolean pathStyle) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
            throw new IllegalArgumentException("must be an http(s) URL with a host");
        }
        if (endpoint.getRawPath() != null && !endpoint.getRawPath().isEmpty() && !endpoint.getRawPath().equals("/")
                || endpoint.getRawQuery() != null) {
            throw new IllegalArgumentException("must not have a path or query (the bucket is configured separately)");
        }
        boolean tls = scheme.equals("https");
        int defaultPort = tls ? 443 : 80;
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : defaultPort;
        String host = pathStyle ? endpoint.getHost() : bucket + "." + endpoint.getHost();
        String hostHeader = port == defaultPort ? host : host + ":" + port;
        String bucketPath = pathStyle ? "/" + SigV4Signer.uriEncode(bucket, true) : "";
        return new S3Address(tls, host, port, hostHeader, bucketPath);
    }

    /** The canonical (encoded) path of an object, as sent and as signed. */
    String path(String key) {
        return bucketPath + "/" + SigV4Signer.uriEncode(key, false);
    }

    /** The absolute URL of an object with a query string. */
    URI url(String key, String query) {
        return URI.create((tls ? "https://" : "http://") + hostHeader + path(key) + "?" + query);
    }
}
