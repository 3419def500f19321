package io.fieldline.gateway.identity;

import io.smallrye.mutiny.Uni;

/**
 * Turns an API token ({@code fl_…}) into its owner acting with the owner's current role, narrowed by the token's
 * scopes. Fails with {@link AuthenticationFailure} for unknown ("Invalid API token.") or expired ("API token has
 * expired.") tokens. Implemented by the token feature.
 */
public interface ApiTokenResolver {

    /** The prefix that marks a bearer value as an API token. */
    String PREFIX = "fl_";

    Uni<GatewayCaller> resolve(String plaintext);
}
