package io.fieldline.gateway.auth.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import io.fieldline.gateway.audit.AuditRecord;
import io.fieldline.gateway.audit.AuditTrail;
import io.fieldline.gateway.auth.store.SessionStore;
import io.fieldline.gateway.identity.Authenticator;
import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.gateway.identity.IdentityLookups;
import io.fieldline.gateway.identity.PasswordHasher;
import io.fieldline.gateway.identity.SecretTokens;
import io.fieldline.gateway.identity.UserTokens;
import io.fieldline.gateway.logging.LogBook;
import io.fieldline.model.CredentialKind;
import io.fieldline.model.ErrorBody;
import io.fieldline.model.PublicIds;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Login, refresh-token rotation and logout. Failed logins are counted per account (whatever the source address):
 * after {@code max-failures} within the window, further attempts get 429 until it passes.
 */
@ApplicationScoped
public class SessionService {

    static final String REFRESH_PREFIX = "flr_";
    private static final String INVALID_LOGIN = "Invalid email or password.";

    private final SessionStore store;
    private final IdentityLookups lookups;
    private final PasswordHasher hasher;
    private final UserTokens userTokens;
    private final AuditTrail audit;
    private final LogBook logBook;
    private final Duration refreshLifetime;
    private final int maxFailures;
    private final Duration failureWindow;

    SessionService(SessionStore store, IdentityLookups lookups, PasswordHasher hasher, UserTokens userTokens,
            AuditTrail audit, LogBook logBook,
            @ConfigProperty(name = "fieldline.identity.refresh-token-lifetime", defaultValue = "7D") Duration refreshLifetime,
            @ConfigProperty(name = "fieldline.identity.lockout.max-failures", defaultValue = "5") int maxFailures,
            @ConfigProperty(name = "fieldline.identity.lockout.window", defaultValue = "15M") Duration failureWindow) {
        this.store = store;
        this.lookups = lookups;
        this.hasher = hasher;
        this.userTokens = userTokens;
        this.audit = audit;
        this.logBook = logBook;
        this.refreshLifetime = refreshLifetime;
        this.maxFailures = maxFailures;
        this.failureWindow = failureWindow;
    }

    /** How long failed logins are remembered (for the janitor). */
    public Duration failureWindow() {
        return failureWindow;
    }

    /** Checks the password and opens a session; the same 401 for an unknown email and a wrong password. */
    public Uni<Session> login(LoginAttempt attempt) {
        String emailKey = attempt.email().trim().toLowerCase(Locale.ROOT);
        Instant now = Instant.now();
        return store.failuresSince(emailKey, now.minus(failureWindow), maxFailures)
                .invoke(failures -> refuseWhileLocked(failures, now))
                .flatMap(ignored -> store.credentialsByEmail(emailKey))
                .flatMap(found -> hasher
                        .matches(attempt.password(), found.map(SessionStore.Credentials::passwordHash).orElse(null))
                        .flatMap(match -> match
                                ? open(found.orElseThrow(), emailKey, attempt)
                                : fail(found.orElse(null), emailKey, attempt)));
    }

    /** Rotates a refresh token; a token presented twice revokes its whole family. */
    public Uni<Session> refresh(String refreshToken) {
        String hash = SecretTokens.sha256Hex(refreshToken);
        return store.pool().withTransaction(tx -> store.lockRefreshToken(tx, hash).flatMap(found -> {
            SessionStore.RefreshToken token = found
                    .orElseThrow(() -> new NotAuthorizedException("Invalid refresh token.", "Bearer"));
            if (token.revoked()) {
                throw new NotAuthorizedException("Refresh token has been revoked.", "Bearer");
            }
            if (token.used()) {
                // Reuse: someone holds a copy. End the whole session for both.
                return store.revokeFamily(tx, token.familyId(), token.userId()).map(v -> (Object) new Reuse());
            }
            if (token.expiresAt().isBefore(Instant.now())) {
                throw new NotAuthorizedException("Refresh token has expired.", "Bearer");
            }
            return store.markUsed(tx, token.id())
                    .flatMap(v -> lookups.byUser(token.userPublicId(), ""))
                    .map(account -> account.orElseThrow(() -> new NotAuthorizedException("User not found.", "Bearer")))
                    .invoke(Authenticator::requireActiveTenant)
                    .flatMap(account -> issue(tx, account, token.familyId(), null))
                    .map(session -> (Object) session);
        })).map(result -> {
            if (result instanceof Reuse) {
                throw new NotAuthorizedException("Refresh token reuse detected; the session has been revoked.",
                        "Bearer");
            }
            return (Session) result;
        });
    }

    /** Revokes the presented access token at once (and the refresh family, if its token is given). */
    public Uni<Void> logout(GatewayCaller caller, String refreshToken) {
        if (caller.caller().credential() != CredentialKind.USER) {
            throw new BadRequestException("API tokens are revoked with DELETE /api/v1/tokens/{public_id}.");
        }
        Uni<Void> revokeAccess = store.revokeAccessToken(caller.tokenId(), caller.expiresAt());
        if (refreshToken == null || refreshToken.isBlank()) {
            return revokeAccess;
        }
        return revokeAccess.flatMap(v -> store.familyOf(SecretTokens.sha256Hex(refreshToken), caller.userId()))
                .flatMap(family -> family.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : store.pool().withTransaction(tx -> store.revokeFamily(tx, family.get(), caller.userId())));
    }

    private Uni<Session> open(SessionStore.Credentials user, String emailKey, LoginAttempt attempt) {
        return lookups.byUser(user.userPublicId(), "")
                .map(account -> account.orElseThrow(() -> new NotAuthorizedException(INVALID_LOGIN, "Bearer")))
                .invoke(Authenticator::requireActiveTenant)
                .flatMap(account -> store.clearFailures(emailKey)
                        .flatMap(v -> store.pool()
                                .withTransaction(tx -> issue(tx, account, PublicIds.newId(), user.username()))))
                .call(session -> logBook.write(user.tenantRowId(), "User '" + user.username() + "' logged in.",
                        LogBook.INFO,
                        user.userPublicId()))
                .invoke(session -> audit.record(new AuditRecord(user.tenantRowId(), user.userPublicId(), "user",
                        "POST /api/v1/auth/login", user.userPublicId(), AuditRecord.SUCCESS, attempt.clientIp(),
                        attempt.requestId())));
    }

    private Uni<Session> fail(SessionStore.Credentials user, String emailKey, LoginAttempt attempt) {
        audit.record(
                new AuditRecord(user == null ? null : user.tenantRowId(), user == null ? null : user.userPublicId(),
                        "user", "POST /api/v1/auth/login", null, AuditRecord.FAILURE, attempt.clientIp(),
                        attempt.requestId()));
        return store.recordFailure(emailKey).map(v -> {
            throw new NotAuthorizedException(INVALID_LOGIN, "Bearer");
        });
    }

    private Uni<Session> issue(io.vertx.mutiny.sqlclient.SqlClient tx, IdentityLookups.Account account,
            String familyId, String username) {
        UserTokens.Minted access = userTokens.mint(account.userPublicId(), account.tenant(), account.role());
        String refresh = SecretTokens.newSecret(REFRESH_PREFIX);
        return store.insertRefreshToken(tx, SecretTokens.sha256Hex(refresh), familyId, account.userId(),
                Instant.now().plus(refreshLifetime))
                .map(v -> new Session(access.token(), access.expiresAt(), refresh, account.userPublicId(), username));
    }

    private void refuseWhileLocked(java.util.List<Instant> failures, Instant now) {
        if (failures.size() >= maxFailures) {
            long retryAfter = Math.max(1, Duration.between(now, failures.get(0).plus(failureWindow)).toSeconds());
            throw new WebApplicationException(Response.status(429)
                    .header("Retry-After", retryAfter)
                    .entity(ErrorBody.of(429, "Too many failed login attempts for this account. Try again later."))
                    .type("application/json")
                    .build());
        }
    }

    /** Marks a detected reuse inside the transaction, so the revocation commits before the 401 is thrown. */
    private record Reuse() {
    }
}
