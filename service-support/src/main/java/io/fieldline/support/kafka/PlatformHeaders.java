package io.fieldline.support.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.List;

import io.fieldline.model.RecordHeaders;
import org.apache.kafka.common.header.internals.RecordHeader;

/** The headers every Fieldline record carries (DESIGN §2): tenant, JSON content type, schema version, creation time. */
public final class PlatformHeaders {

    private PlatformHeaders() {
    }

    /** The headers of a JSON record of the tenant, created now. */
    public static List<RecordHeader> of(String tenantId, int schemaVersion) {
        return List.of(
                header(RecordHeaders.TENANT_ID, tenantId),
                header(RecordHeaders.CONTENT_TYPE, RecordHeaders.JSON),
                header(RecordHeaders.SCHEMA_VERSION, Integer.toString(schemaVersion)),
                header(RecordHeaders.CREATION_TIME, Instant.now().toString()));
    }

    /** One header with a UTF-8 text value. */
    public static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(UTF_8));
    }
}
