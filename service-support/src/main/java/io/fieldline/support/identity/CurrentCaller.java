package io.fieldline.support.identity;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;

import com.github.benmanes.caffeine.cache.Cache;
import io.fieldline.model.CredentialKind;
import io.fieldline.model.IdentityClaims;
import io.fieldline.model.Role;
import io.fieldline.model.TenantId;
import io.fieldline.support.reactive.InlineCaches;
import io.quarkus.security.UnauthorizedException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The {@link Caller} of the current request, read from its verified internal identity token. */
@RequestScoped
public class CurrentCaller {

    // The gateway reuses an internal token for many requests; reading its custom claims through smallrye-jwt costs an
    // exception per claim (Claims.valueOf on a non-standard name), so each raw token is read once. The token was
    // verified (signature, expiry) for this request before it gets here; the cache only skips re-reading its claims.
    private static final Cache<String, Caller> READ = InlineCaches.builder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    private final JsonWebToken token;
    private Caller caller;

    CurrentCaller(JsonWebToken token) {
        this.token = token;
    }

    /**
     * The caller of the current request.
     *
     * @throws UnauthorizedException if the request carried no valid identity token
     */
    public Caller get() {
        if (caller == null) {
            if (token == null || token.getRawToken() == null) {
                throw new UnauthorizedException();
            }
            caller = READ.get(token.getRawToken(), raw -> fromToken(token));
        }
        return caller;
    }

    /**
     * Reads the Fieldline claims of a verified token.
     *
     * @throws UnauthorizedException if a required claim is missing or malformed
     */
    public static Caller fromToken(JsonWebToken token) {
        try {
            String tenant = token.getClaim(IdentityClaims.TENANT);
            String role = token.getClaim(IdentityClaims.ROLE);
            String credential = token.getClaim(IdentityClaims.CREDENTIAL_KIND);
            return new Caller(token.getSubject(), tenant == null ? null : TenantId.of(tenant), Role.fromWire(role),
                    permissions(token), CredentialKind.valueOf(credential.toUpperCase(Locale.ROOT)));
        } catch (RuntimeException e) {
            throw new UnauthorizedException("Identity token lacks Fieldline claims");
        }
    }

    private static Set<String> permissions(JsonWebToken token) {
        Object claim = token.getClaim(IdentityClaims.PERMISSIONS);
        if (claim instanceof JsonArray array) {
            return array.stream().map(v -> ((JsonString) v).getString()).collect(Collectors.toSet());
        }
        if (claim instanceof Set<?> set) {
            return set.stream().map(String::valueOf).collect(Collectors.toSet());
        }
        return Set.of();
    }
}
