package io.fieldline.ota.artifact.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The signer against the examples of AWS's "Signature Calculations for the Authorization Header" and presign docs. */
class SigV4SignerTest {

    private static final SigV4Signer AWS_EXAMPLE = new SigV4Signer("AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
    private static final Instant AT = Instant.parse("2013-05-24T00:00:00Z");
    private static final String HOST = "examplebucket.s3.amazonaws.com";

    @Test
    void signsTheGetObjectExample() {
        Map<String, String> headers = AWS_EXAMPLE.sign("GET", "/test.txt",
                Map.of("Host", HOST, "Range", "bytes=0-9"), SigV4Signer.EMPTY_SHA256, AT);

        assertEquals("20130524T000000Z", headers.get("x-amz-date"));
        assertEquals(SigV4Signer.EMPTY_SHA256, headers.get("x-amz-content-sha256"));
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
                headers.get("authorization"));
    }

    @Test
    void signsThePutObjectExampleWhoseKeyNeedsEncoding() {
        String payload = SigV4Signer.sha256Hex("Welcome to Amazon S3.");
        assertEquals("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072", payload);

        Map<String, String> headers = AWS_EXAMPLE.sign("PUT", "/" + SigV4Signer.uriEncode("test$file.text", false),
                Map.of("host", HOST, "date", "Fri, 24 May 2013 00:00:00 GMT",
                        "x-amz-storage-class", "REDUCED_REDUNDANCY"),
                payload, AT);

        assertTrue(headers.get("authorization").endsWith(
                ",SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class"
                        + ",Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"),
                headers.get("authorization"));
    }

    @Test
    void presignsTheGetObjectExample() {
        S3Address virtualHosted = S3Address.of(URI.create("https://s3.amazonaws.com"), "examplebucket", false);
        assertEquals(HOST, virtualHosted.hostHeader());

        String query = AWS_EXAMPLE.presignQuery("GET", virtualHosted.path("test.txt"), virtualHosted.hostHeader(),
                Duration.ofSeconds(86400), AT);

        assertEquals("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
                virtualHosted.url("test.txt", query).toString());
    }

    @Test
    void encodesKeysSegmentBySegment() {
        assertEquals("tenant-1/a%20b%2Bc~%C3%A9.bin", SigV4Signer.uriEncode("tenant-1/a b+c~é.bin", false));
        assertEquals("a%2Fb", SigV4Signer.uriEncode("a/b", true));
        S3Address pathStyle = S3Address.of(URI.create("http://127.0.0.1:9000/"), "fw", true);
        assertEquals("127.0.0.1:9000", pathStyle.hostHeader());
        assertEquals("/fw/t/x%3Dy.bin", pathStyle.path("t/x=y.bin"));
        assertEquals("minio", S3Address.of(URI.create("http://minio:80"), "fw", true).hostHeader());
    }

    @Test
    void refusesEndpointsThatCannotBeSigned() {
        assertThrows(IllegalArgumentException.class,
                () -> S3Address.of(URI.create("ftp://minio:9000"), "fw", true));
        assertThrows(IllegalArgumentException.class,
                () -> S3Address.of(URI.create("http://minio:9000/prefix"), "fw", true));
    }
}
