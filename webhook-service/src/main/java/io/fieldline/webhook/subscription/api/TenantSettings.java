package io.fieldline.webhook.subscription.api;

import jakarta.validation.constraints.NotNull;

/** {@code GET/PUT /api/v1/webhooks/config}: the tenant's delivery switch (seed 002's global pause state). */
public record TenantSettings(@NotNull(message = "Field required") Boolean paused) {
}
