package io.fieldline.gateway.audit;

import java.util.Objects;
import java.util.Set;

/**
 * One entry of the audit trail: who did what to which resource, with what outcome, from where.
 *
 * @param tenantRowId internal id of the tenant, or null when no tenant is known (e.g. a refused credential)
 * @param actor the user's public id, or null when unknown
 * @param credentialKind how the actor authenticated ({@code user}, {@code api_token}, {@code device}), or null
 * @param action what was done, e.g. {@code DELETE /api/v1/users/{id}} or {@code login}
 * @param target the public id of the resource acted on, or null
 * @param outcome {@link #SUCCESS}, {@link #FAILURE} or {@link #DENIED}
 * @param clientIp the client's address, or null
 * @param requestId the {@code X-Request-ID} of the request, or null
 */
public record AuditRecord(Long tenantRowId, String actor, String credentialKind, String action, String target,
        String outcome, String clientIp, String requestId) {

    /** The action was carried out. */
    public static final String SUCCESS = "success";
    /** The action was attempted and failed (invalid input, conflict, server error…). */
    public static final String FAILURE = "failure";
    /** The caller was not authenticated or not allowed. */
    public static final String DENIED = "denied";

    private static final Set<String> OUTCOMES = Set.of(SUCCESS, FAILURE, DENIED);

    public AuditRecord {
        Objects.requireNonNull(action, "action");
        if (!OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("outcome must be success, failure or denied: " + outcome);
        }
    }
}
