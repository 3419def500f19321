package io.fieldline.gateway.token.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;

import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.gateway.token.TokensConfig;
import io.fieldline.gateway.token.store.ApiTokenStore;
import io.fieldline.gateway.token.store.StoredToken;
import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.model.Permission;
import io.fieldline.model.PublicIds;
import io.fieldline.support.http.ValidationFailure;
import io.smallrye.mutiny.Uni;

/**
 * API tokens of the caller: anyone creates, lists and deletes their own; callers with {@link Permission#MANAGE_TOKENS}
 * list and delete every token of their tenant.
 */
@ApplicationScoped
public class ApiTokenService {

    private final ApiTokenStore store;
    private final int maxPerUser;

    ApiTokenService(ApiTokenStore store, TokensConfig config) {
        this.store = store;
        this.maxPerUser = config.maxPerUser();
    }

    /** A token just created; the only time its plaintext exists outside the caller's hands. */
    public record Created(StoredToken token, String plaintext) {
    }

    /**
     * Creates a token for the caller.
     *
     * @param scopes permission names to narrow the token to, or null for all of the owner's role
     * @throws ValidationFailure (422) for a blank name or a scope that is unknown or beyond the caller's permissions
     * @throws ForbiddenException (403) when the caller holds {@code fieldline.tokens.max-per-user} tokens
     */
    public Uni<Created> create(GatewayCaller caller, String name, Instant expiresAt, List<String> scopes) {
        String trimmed = name.strip();
        if (trimmed.isEmpty()) {
            throw ValidationFailure.body("name", "String should have at least 1 character", "string_too_short");
        }
        List<String> stored = TokenScopes.toStore(caller, scopes);
        String publicId = PublicIds.newId();
        String plaintext = TokenSecrets.newPlaintext();
        return store.insert(publicId, caller.userId(), trimmed, TokenSecrets.hash(plaintext), stored, expiresAt,
                maxPerUser).map(inserted -> {
                    Instant createdAt = inserted
                            .orElseThrow(() -> new ForbiddenException("API token limit reached for user."));
                    return new Created(new StoredToken(publicId, trimmed, null, expiresAt, createdAt,
                            caller.subject(), stored), plaintext);
                });
    }

    /** The caller's tokens, or every token of the tenant for a caller who manages tokens; newest first. */
    public Uni<Page<StoredToken>> list(GatewayCaller caller, PageRequest request) {
        Long onlyUser = managesTokens(caller) ? null : caller.userId();
        return store.count(caller.tenantRowId(), onlyUser).flatMap(total -> total <= request.offset()
                ? Uni.createFrom().item(Page.of(request, total, List.<StoredToken>of()))
                : store.page(caller.tenantRowId(), onlyUser, request.pageSize(), request.offset())
                        .map(rows -> Page.of(request, total, rows)));
    }

    /**
     * Deletes a token of the caller, or of anyone in the tenant for a caller who manages tokens.
     *
     * @throws NotFoundException (404) for an unknown token or one of another tenant
     * @throws ForbiddenException (403) for another user's token
     */
    public Uni<Void> delete(GatewayCaller caller, String publicId) {
        if (!PublicIds.isWellFormed(publicId)) {
            return Uni.createFrom().failure(notFound());
        }
        return store.find(caller.tenantRowId(), publicId).flatMap(found -> {
            ApiTokenStore.Owned token = found.orElseThrow(ApiTokenService::notFound);
            if (token.userId() != caller.userId() && !managesTokens(caller)) {
                throw new ForbiddenException("Cannot delete another user's token.");
            }
            return store.delete(token.id());
        });
    }

    private static boolean managesTokens(GatewayCaller caller) {
        return caller.permissions().contains(Permission.MANAGE_TOKENS.wireName());
    }

    private static NotFoundException notFound() {
        return new NotFoundException("API token not found.");
    }
}
