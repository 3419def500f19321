package io.fieldline.gateway.identity;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * bcrypt password hashes. Hashing takes tens of milliseconds by design, so it runs on the worker pool, never on an
 * event loop.
 */
@ApplicationScoped
public class PasswordHasher {

    /** Shortest password accepted. */
    public static final int MIN_LENGTH = 8;

    // A valid hash of a random password: verifying unknown emails against it costs the same time as a real check,
    // so response times do not reveal which emails exist.
    private final String decoy;
    private final int cost;

    PasswordHasher(@ConfigProperty(name = "fieldline.identity.bcrypt-cost", defaultValue = "10") int cost) {
        this.cost = cost;
        this.decoy = BcryptUtil.bcryptHash(java.util.UUID.randomUUID().toString(), cost);
    }

    /** The bcrypt hash of a password. */
    public Uni<String> hash(String password) {
        return Uni.createFrom().item(() -> BcryptUtil.bcryptHash(password, cost))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Whether the password matches the hash; with a null hash, spends the same time and answers false. */
    public Uni<Boolean> matches(String password, String hash) {
        return Uni.createFrom().item(() -> {
            boolean match = BcryptUtil.matches(password, hash != null ? hash : decoy);
            return hash != null && match;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
