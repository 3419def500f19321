package io.fieldline.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Quarkus test resource pointing smallrye-jwt at this JVM's test key pair, the one {@link Tokens#forTests()} uses. */
public final class IdentityResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        IdentityKeys keys = IdentityKeys.forTests();
        return Map.of(
                "mp.jwt.verify.publickey.location", keys.publicKeyPem().toAbsolutePath().toString(),
                "smallrye.jwt.sign.key.location", keys.privateKeyPem().toAbsolutePath().toString());
    }

    @Override
    public void stop() {
        // Nothing: the keys live until the JVM exits.
    }
}
