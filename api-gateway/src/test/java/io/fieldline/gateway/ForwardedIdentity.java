package io.fieldline.gateway;

import io.fieldline.model.IdentityClaims;
import io.fieldline.testsupport.IdentityKeys;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/** Verifies the internal identity token the gateway forwarded, as a service would, and returns its claims. */
public final class ForwardedIdentity {

    private ForwardedIdentity() {
    }

    /** The claims of a forwarded token (with or without "Bearer "); fails the test if it does not verify. */
    public static JwtClaims verify(String token) {
        String jwt = token.startsWith("Bearer ") ? token.substring("Bearer ".length()) : token;
        try {
            return new JwtConsumerBuilder()
                    .setVerificationKey(IdentityKeys.forTests().publicKey())
                    .setExpectedIssuer(IdentityClaims.ISSUER)
                    .setExpectedAudience(IdentityClaims.AUDIENCE_INTERNAL)
                    .setRequireExpirationTime()
                    .build()
                    .processToClaims(jwt);
        } catch (Exception e) {
            throw new AssertionError("the forwarded identity token does not verify", e);
        }
    }
}
