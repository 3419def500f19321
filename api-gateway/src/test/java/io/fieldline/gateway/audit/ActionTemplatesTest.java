package io.fieldline.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ActionTemplatesTest {

    private static final String ID = "3f1c2a4e-9b7d-4c1e-8f00-1234567890ab";

    @Test
    void replacesUuidAndNumericSegmentsWithIdAndTargetsTheLastId() {
        assertEquals("DELETE /api/v1/users/{id}", ActionTemplates.action("DELETE", "/api/v1/users/" + ID));
        assertEquals("POST /api/v1/experiments/{id}/runs/{id}/stop",
                ActionTemplates.action("POST", "/api/v1/experiments/" + ID + "/runs/42/stop"));
        assertEquals("42", ActionTemplates.target("/api/v1/experiments/" + ID + "/runs/42/stop"));
        assertEquals(ID.toUpperCase(), ActionTemplates.target("/api/v1/users/" + ID.toUpperCase()));
    }

    @Test
    void keepsNamesAndHasNoTargetWithoutIds() {
        assertEquals("POST /api/v1/logging", ActionTemplates.action("POST", "/api/v1/logging"));
        assertEquals("POST /api/v1/auth/login", ActionTemplates.action("POST", "/api/v1/auth/login"));
        assertEquals("PUT /api/v1/logging/not-an-id", ActionTemplates.action("PUT", "/api/v1/logging/not-an-id"));
        assertNull(ActionTemplates.target("/api/v1/logging/not-an-id"));
        assertNull(ActionTemplates.target("/api/v1/logging"));
    }

    @Test
    void boundsWhatAClientCanMakeItStore() {
        String longPath = "/api/v1/" + "x".repeat(5000);
        assertEquals(ActionTemplates.MAX_ACTION, ActionTemplates.action("POST", longPath).length());
        assertEquals(ActionTemplates.MAX_TARGET, ActionTemplates.target("/api/v1/a/" + "9".repeat(100)).length());
    }

    @Test
    void mapsStatusesToOutcomes() {
        assertEquals(AuditRecord.SUCCESS, ActionTemplates.outcome(201));
        assertEquals(AuditRecord.SUCCESS, ActionTemplates.outcome(302));
        assertEquals(AuditRecord.DENIED, ActionTemplates.outcome(401));
        assertEquals(AuditRecord.DENIED, ActionTemplates.outcome(403));
        assertEquals(AuditRecord.FAILURE, ActionTemplates.outcome(404));
        assertEquals(AuditRecord.FAILURE, ActionTemplates.outcome(422));
        assertEquals(AuditRecord.FAILURE, ActionTemplates.outcome(503));
    }
}
