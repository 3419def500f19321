package io.fieldline.gateway.user.service;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.gateway.identity.PasswordHasher;
import io.fieldline.gateway.user.store.InitialAdminStore;
import io.fieldline.gateway.user.store.InitialAdminStore.Outcome;
import io.fieldline.model.PublicIds;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the first tenant and its superadmin at start (after Flyway) from {@code INITIAL_ADMIN_EMAIL} and
 * {@code INITIAL_ADMIN_PASSWORD} when no superadmin exists yet. There is no default password: without both values,
 * nothing is created.
 */
@ApplicationScoped
public class InitialAdmin {

    /** The slug of the first tenant. */
    public static final String TENANT_SLUG = "default";

    private static final Logger LOG = Logger.getLogger(InitialAdmin.class);
    private static final Pattern EMAIL = Pattern.compile(UserRules.EMAIL);

    /** What to create: the superadmin's email, password and username, and the first tenant's name and slug. */
    public record Settings(String email, String password, String username, String tenantName, String tenantSlug) {
    }

    /** The created superadmin and its tenant. */
    public record Created(String userPublicId, String tenantPublicId) {
    }

    private final InitialAdminStore store;
    private final PasswordHasher hasher;

    InitialAdmin(InitialAdminStore store, PasswordHasher hasher) {
        this.store = store;
        this.hasher = hasher;
    }

    void onStart(@Observes StartupEvent event,
            @ConfigProperty(name = "initial.admin.email") Optional<String> email,
            @ConfigProperty(name = "initial.admin.password") Optional<String> password,
            @ConfigProperty(name = "initial.admin.username", defaultValue = "admin") String username,
            @ConfigProperty(name = "initial.tenant.name", defaultValue = "Default") String tenantName) {
        if (email.isEmpty() || password.isEmpty()) {
            LOG.info("No initial admin created: INITIAL_ADMIN_EMAIL and INITIAL_ADMIN_PASSWORD are not both set");
            return;
        }
        // Blocking is fine here: start-up runs on the main thread, not on an event loop.
        create(new Settings(email.get().trim(), password.get(), username, tenantName, TENANT_SLUG))
                .await().atMost(Duration.ofSeconds(30));
    }

    /**
     * Creates the tenant (unless one with the slug exists) and the superadmin, unless a superadmin exists already.
     * Invalid settings are logged and create nothing. Answers the superadmin and its tenant if they were created.
     */
    public Uni<Optional<Created>> create(Settings settings) {
        if (!EMAIL.matcher(settings.email()).matches()) {
            LOG.errorf("No initial admin created: INITIAL_ADMIN_EMAIL '%s' is not a valid email", settings.email());
            return Uni.createFrom().item(Optional.empty());
        }
        if (settings.password().length() < PasswordHasher.MIN_LENGTH
                || settings.password().length() > UserRules.PASSWORD_MAX) {
            LOG.errorf("No initial admin created: INITIAL_ADMIN_PASSWORD must have %d to %d characters",
                    PasswordHasher.MIN_LENGTH, UserRules.PASSWORD_MAX);
            return Uni.createFrom().item(Optional.empty());
        }
        String userId = PublicIds.newId();
        return hasher.hash(settings.password())
                .flatMap(hash -> store.createIfNoSuperadmin(PublicIds.newId(), settings.tenantName(),
                        settings.tenantSlug(), userId, settings.email(), settings.username(), hash))
                .map(result -> {
                    log(result.outcome(), settings);
                    return result.outcome() == Outcome.CREATED
                            ? Optional.of(new Created(userId, result.tenantPublicId()))
                            : Optional.<Created>empty();
                });
    }

    private static void log(Outcome outcome, Settings settings) {
        switch (outcome) {
            case CREATED -> LOG.infof("Initial superadmin '%s' created in tenant '%s'", settings.email(),
                    settings.tenantSlug());
            case SUPERADMIN_EXISTS -> LOG.info("No initial admin created: a superadmin exists already");
            case EMAIL_TAKEN -> LOG.errorf("No initial admin created: a user with email '%s' exists already",
                    settings.email());
        }
    }
}
