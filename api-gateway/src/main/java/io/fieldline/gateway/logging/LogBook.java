package io.fieldline.gateway.logging;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/** Placeholder replaced by the logging feature's implementation at merge. */
@ApplicationScoped
public class LogBook {

    public Uni<Void> write(long tenantRowId, String content, String loggingType, String userPublicId) {
        return Uni.createFrom().voidItem();
    }
}
