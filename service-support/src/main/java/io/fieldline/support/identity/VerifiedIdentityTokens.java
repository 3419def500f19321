package io.fieldline.support.identity;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import io.fieldline.support.reactive.InlineCaches;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies bearer tokens like smallrye-jwt's own validator (same parser, same {@code mp.jwt.verify.*} settings), but
 * remembers each verified token until it expires. The gateway reuses one internal identity token for many requests of
 * a caller, and a full verification (configuration, RSA check, claims) cost a quarter of a small request's CPU. Only
 * the exact token string that passed verification is remembered, and its expiry is checked on every use.
 */
@ApplicationScoped
public class VerifiedIdentityTokens implements IdentityProvider<TokenAuthenticationRequest> {

    // Per application instance: what verified under this instance's settings says nothing about another's.
    private final Cache<String, JsonWebToken> verified = InlineCaches.builder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();
    private final JWTParser parser;
    private final Counter verifications;
    private final Counter remembered;

    VerifiedIdentityTokens(JWTParser parser, MeterRegistry registry) {
        this.parser = parser;
        this.verifications = registry.counter("fieldline.identity.tokens", "check", "verified");
        this.remembered = registry.counter("fieldline.identity.tokens", "check", "remembered");
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    // Providers are asked highest priority first; smallrye-jwt's validator keeps the interface's default (1001) and,
    // asked first, answered every request itself (this cache went unused). Above it, it never sees a request.
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        try {
            JsonWebToken token = verified(request.getToken().getToken());
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(token)
                    .addCredential(request.getToken())
                    .addRoles(token.getGroups())
                    .build());
        } catch (AuthenticationFailedException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private JsonWebToken verified(String raw) {
        JsonWebToken known = verified.getIfPresent(raw);
        if (known != null && !expired(known)) {
            remembered.increment();
            return known;
        }
        try {
            verifications.increment();
            JsonWebToken token = parser.parse(raw);
            verified.put(raw, token);
            return token;
        } catch (ParseException e) {
            throw new AuthenticationFailedException(e);
        }
    }

    private static boolean expired(JsonWebToken token) {
        return token.getExpirationTime() * 1000 <= System.currentTimeMillis();
    }
}
