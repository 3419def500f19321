package io.fieldline.testsupport;

import io.fieldline.model.Role;
import io.fieldline.model.TenantId;

/** A signed token together with the identity it carries. */
public record MintedIdentity(TenantId tenant, String subject, Role role, String token) {

    /** The {@code Authorization} header value. */
    public String bearer() {
        return "Bearer " + token;
    }
}
