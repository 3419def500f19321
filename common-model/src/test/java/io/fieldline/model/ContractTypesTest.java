package io.fieldline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ContractTypesTest {

    private final ObjectMapper json = ModelJson.newMapper();

    @Test
    void topicsHaveVersionedNamesAndParseBack() {
        assertEquals("fieldline.datapoints.v1", Topic.DATAPOINTS.topicName());
        assertEquals("fieldline.webhooks.dlq.v1", Topic.WEBHOOKS_DLQ.topicName());
        for (Topic topic : Topic.values()) {
            assertEquals(topic, Topic.fromString(topic.topicName()));
            assertTrue(topic.topicName().matches("fieldline\\.[a-z.]+\\.v\\d+"));
        }
        assertThrows(IllegalArgumentException.class, () -> Topic.fromString("datapoints"));
    }

    @Test
    void tenantIdsAreValidated() {
        assertEquals("t-1_A", TenantId.of("t-1_A").value());
        assertEquals("azAZ09".repeat(10) + "_-zZ", TenantId.of("azAZ09".repeat(10) + "_-zZ").value());
        // The characters just outside each allowed range, too.
        for (String bad : new String[]{ "", "a/b", "a b", "x".repeat(65), "é", "a:b", "a@b", "a[b", "a`b", "a{b",
                "a.b" }) {
            assertThrows(IllegalArgumentException.class, () -> TenantId.of(bad), bad);
        }
        assertThrows(NullPointerException.class, () -> TenantId.of(null));
    }

    @Test
    void recordKeysStartWithTheTenant() {
        TenantId tenant = TenantId.of("acme");

        assertEquals("acme/r/e", RecordKeys.incidents(tenant, "r", "e"));
        assertEquals(tenant, RecordKeys.tenantOf("acme/r/e"));
        assertThrows(IllegalArgumentException.class, () -> RecordKeys.datapoints(tenant, ""));
    }

    @Test
    void publicIdsAreUuids() {
        String id = PublicIds.newId();

        assertTrue(PublicIds.isWellFormed(id));
        assertFalse(PublicIds.isWellFormed("42"));
        assertFalse(PublicIds.isWellFormed(null));
    }

    @Test
    void timeOrderedIdsAreVersion7UuidsThatSortByCreationTime() throws Exception {
        String first = PublicIds.newTimeOrderedId();
        Thread.sleep(2);
        String second = PublicIds.newTimeOrderedId();
        UUID parsed = UUID.fromString(first);

        assertTrue(PublicIds.isWellFormed(first));
        assertEquals(7, parsed.version());
        assertEquals(2, parsed.variant());
        long millis = parsed.getMostSignificantBits() >>> 16;
        assertTrue(Math.abs(System.currentTimeMillis() - millis) < 5_000, "carries the creation time: " + millis);
        // PostgreSQL orders uuid values bytewise, which is the order of their text.
        assertTrue(first.compareTo(second) < 0, first + " sorts before " + second);
        assertNotEquals(PublicIds.newTimeOrderedId(), PublicIds.newTimeOrderedId());
    }

    @Test
    void errorBodyHasDetailCodeStatusAndOmitsEmptyErrors() throws Exception {
        JsonNode plain = json.valueToTree(ErrorBody.of(404, "Event 'x' not found."));
        JsonNode validation = json.valueToTree(
                ErrorBody.validation("Invalid request",
                        List.of(FieldError.body("email", "Field required", "missing"))));

        assertEquals("Event 'x' not found.", plain.get("detail").asText());
        assertEquals("not_found", plain.get("code").asText());
        assertEquals(404, plain.get("status").asInt());
        assertNull(plain.get("errors"));
        assertEquals(422, validation.get("status").asInt());
        assertEquals("body", validation.get("errors").get(0).get("loc").get(0).asText());
        assertEquals("email", validation.get("errors").get(0).get("loc").get(1).asText());
        assertEquals("missing", validation.get("errors").get(0).get("type").asText());
        assertThrows(IllegalArgumentException.class, () -> ErrorBody.of(200, "ok"));
        assertEquals("rate_limited", ErrorBody.codeFor(429));
        assertEquals("client_error_418", ErrorBody.codeFor(418));
    }

    @Test
    void pageRequestsValidateRangesAndComputeOffsets() {
        PageRequest defaults = PageRequest.of(null, null);

        assertEquals(1, defaults.page());
        assertEquals(25, defaults.pageSize());
        assertEquals(50, PageRequest.of(3, 25).offset());
        var tooBig = assertThrows(PageRequest.InvalidPageException.class, () -> PageRequest.of(0, 101));
        assertEquals(2, tooBig.errors().size());
        assertEquals(422, tooBig.toErrorBody().status());
        assertEquals("page_size", tooBig.errors().get(1).loc().get(1));
    }

    @Test
    void pageEnvelopeUsesSnakeCase() throws Exception {
        JsonNode page = json.valueToTree(Page.of(PageRequest.of(2, 10), 11, List.of("k")));

        assertEquals(2, page.get("page").asInt());
        assertEquals(10, page.get("page_size").asInt());
        assertEquals(11, page.get("total").asLong());
        assertEquals("k", page.get("data").get(0).asText());
    }

    @Test
    void rolesAreOrderedAndUseLowercaseNames() throws Exception {
        assertTrue(Role.ADMIN.atLeast(Role.OPERATOR));
        assertFalse(Role.VIEWER.atLeast(Role.OPERATOR));
        assertTrue(Role.SUPERADMIN.atLeast(Role.ADMIN));
        assertEquals("\"operator\"", json.writeValueAsString(Role.OPERATOR));
        assertEquals(Role.VIEWER, json.readValue("\"viewer\"", Role.class));
        assertThrows(IllegalArgumentException.class, () -> Role.fromWire("root"));
        assertEquals("api_token", CredentialKind.API_TOKEN.wireName());
        assertTrue(Severity.CRITICAL.atLeast(Severity.WARNING));
        assertFalse(IncidentStatus.RESOLVED.isOpen());
    }

    @Test
    void permissionsFollowTheSeedRoleTable() {
        assertTrue(Permission.forRole(Role.VIEWER).contains(Permission.READ_DATA));
        assertFalse(Permission.forRole(Role.VIEWER).contains(Permission.MANAGE_RULES), "rules are operator+");
        assertTrue(Permission.forRole(Role.OPERATOR).contains(Permission.MANAGE_RULES));
        assertFalse(Permission.forRole(Role.OPERATOR).contains(Permission.MANAGE_WEBHOOKS));
        assertTrue(Permission.forRole(Role.ADMIN).contains(Permission.MANAGE_USERS));
        assertFalse(Permission.forRole(Role.ADMIN).contains(Permission.MANAGE_TENANTS));
        assertEquals(Permission.values().length, Permission.forRole(Role.SUPERADMIN).size());
        assertTrue(Permission.namesForRole(Role.OPERATOR).contains("acknowledge_alarms"));
    }

    @Test
    void pageMapKeepsTheEnvelopeAndMapsEachRow() {
        Page<Integer> mapped = Page.of(PageRequest.of(2, 3), 7, List.of("a", "bb", "ccc")).map(String::length);

        assertEquals(2, mapped.page());
        assertEquals(3, mapped.pageSize());
        assertEquals(7, mapped.total());
        assertEquals(List.of(1, 2, 3), mapped.data());
    }
}
