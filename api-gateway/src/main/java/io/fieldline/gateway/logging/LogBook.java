package io.fieldline.gateway.logging;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.gateway.logging.store.LogEntryStore;
import io.fieldline.model.PublicIds;
import io.fieldline.model.TenantId;
import io.smallrye.mutiny.Uni;

/**
 * Writes entries of a tenant's log (seed 000 {@code /logging}): the entries users post, and the ones the gateway
 * writes itself (logins and the like).
 */
@ApplicationScoped
public class LogBook {

    /** Logging type of an ordinary entry. */
    public static final String INFO = "info";
    /** Logging type of a warning. */
    public static final String WARNING = "warning";
    /** Logging type of an error. */
    public static final String ERROR = "error";
    /** The logging types. */
    public static final Set<String> TYPES = Set.of(INFO, WARNING, ERROR);
    /** The longest content an entry holds (seed 000). */
    public static final int MAX_CONTENT = 500;

    private final LogEntryStore store;

    LogBook(LogEntryStore store) {
        this.store = store;
    }

    /**
     * Adds an unread entry to the tenant's log; content longer than {@link #MAX_CONTENT} is cut there.
     *
     * @param loggingType {@link #INFO}, {@link #WARNING} or {@link #ERROR}
     * @param userPublicId the user the entry is about or by, or null for the system
     * @throws IllegalArgumentException for empty content or an unknown logging type
     */
    public Uni<Void> write(long tenantRowId, String content, String loggingType, String userPublicId) {
        return create(tenantRowId, content, loggingType, userPublicId).replaceWithVoid();
    }

    /**
     * Adds an unread entry dated {@code at} to the tenant's log once per {@code sourceKey}: writing the same key again
     * (a redelivered Kafka record) adds nothing. An unknown tenant gets nothing either.
     *
     * @return whether an entry was added
     * @throws IllegalArgumentException for empty content or an unknown logging type
     */
    public Uni<Boolean> writeOnce(TenantId tenant, String content, String loggingType, String userPublicId,
            Instant at, String sourceKey) {
        String text = checked(content, loggingType);
        return store.insertOnce(PublicIds.newId(), tenant.value(), text, loggingType, userPublicId,
                at.atOffset(ZoneOffset.UTC), sourceKey);
    }

    /** Like {@link #write}, and answers the new entry's public id. */
    public Uni<String> create(long tenantRowId, String content, String loggingType, String userPublicId) {
        String text = checked(content, loggingType);
        String publicId = PublicIds.newId();
        return store.insert(publicId, tenantRowId, text, loggingType, userPublicId).replaceWith(publicId);
    }

    // The content to store: at most MAX_CONTENT characters.
    private static String checked(String content, String loggingType) {
        if (content == null || content.isEmpty()) {
            throw new IllegalArgumentException("content must not be empty");
        }
        if (!TYPES.contains(loggingType)) {
            throw new IllegalArgumentException("logging type must be info, warning or error: " + loggingType);
        }
        return content.length() > MAX_CONTENT ? content.substring(0, MAX_CONTENT) : content;
    }
}
