package io.fieldline.model;

/**
 * Names of the headers every Kafka record carries (DESIGN.md §2).
 *
 * <table>
 * <tr><th>Name</th><th>Mandatory</th><th>Type</th><th>Description</th></tr>
 * <tr><td>tenant-id</td><td>yes</td><td>UTF-8 string</td><td>the tenant the record belongs to; consumers route on it
 * without deserialising</td></tr>
 * <tr><td>content-type</td><td>yes</td><td>UTF-8 string</td><td>always {@code application/json}</td></tr>
 * <tr><td>schema-version</td><td>yes</td><td>UTF-8 decimal</td><td>the version of the value's record type</td></tr>
 * <tr><td>creation-time</td><td>yes</td><td>UTF-8 ISO-8601 instant</td><td>when the producer created the record</td></tr>
 * <tr><td>traceparent</td><td>no</td><td>W3C trace context</td><td>present where a trace exists</td></tr>
 * </table>
 */
public final class RecordHeaders {

    public static final String TENANT_ID = "tenant-id";
    public static final String CONTENT_TYPE = "content-type";
    public static final String SCHEMA_VERSION = "schema-version";
    public static final String CREATION_TIME = "creation-time";
    public static final String TRACEPARENT = "traceparent";

    /** The only content type Fieldline writes on its topics. */
    public static final String JSON = "application/json";

    private RecordHeaders() {
    }
}
