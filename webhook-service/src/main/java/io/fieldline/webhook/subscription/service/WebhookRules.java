package io.fieldline.webhook.subscription.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;

import io.fieldline.model.FieldError;
import io.fieldline.model.Permission;
import io.fieldline.support.http.ValidationFailure;
import io.fieldline.support.identity.Caller;
import io.fieldline.webhook.EventTypes;
import io.fieldline.webhook.delivery.dispatch.TargetGuard;

/** The checks on subscriptions that Bean Validation cannot express, and the errors subscriptions answer with. */
public final class WebhookRules {

    /** Longest per-subscription retry schedule. */
    static final int MAX_SCHEDULE_ENTRIES = 20;
    /** Longest single delay of a per-subscription schedule: one week. */
    static final int MAX_DELAY_SECONDS = 7 * 24 * 3600;

    private WebhookRules() {
    }

    /** @throws ForbiddenException (403, seed 000's message) without {@link Permission#MANAGE_WEBHOOKS} */
    public static void requireManage(Caller caller) {
        if (!caller.can(Permission.MANAGE_WEBHOOKS.wireName())) {
            throw new ForbiddenException("Admin privileges required.");
        }
    }

    /** Checks a URL that Bean Validation let through: parsable, with a host, and not an internal IP literal. */
    static void checkUrl(String url, TargetGuard guard) {
        if (url == null) {
            return;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ValidationFailure.body("url", "Input should be a valid URL", "url_parsing");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ValidationFailure.body("url", "URL scheme should be 'http' or 'https'", "url_scheme");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw ValidationFailure.body("url", "Input should be a valid URL with a host", "url_parsing");
        }
        if (uri.getUserInfo() != null) {
            throw ValidationFailure.body("url", "URL must not carry credentials", "url_parsing");
        }
        guard.literalRefusal(uri).ifPresent(reason -> {
            throw ValidationFailure.body("url", reason, "url_not_public");
        });
    }

    /** Every listed type must be subscribable (seed 000's five or Fieldline's alarm types). */
    static void checkEvents(List<String> events) {
        if (events == null) {
            return;
        }
        if (events.isEmpty()) {
            throw ValidationFailure.body("events", "List should have at least 1 item after validation, not 0",
                    "too_short");
        }
        List<FieldError> problems = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (!EventTypes.isSubscribable(events.get(i))) {
                problems.add(new FieldError(List.of("body", "events", i), "Input should be one of "
                        + String.join(", ", EventTypes.SUBSCRIBABLE), "enum"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationFailure(problems.get(0).msg(), problems);
        }
    }

    /** A per-subscription schedule: 1 to 20 delays of 0 s to one week. */
    static void checkSchedule(List<Integer> seconds) {
        if (seconds == null) {
            return;
        }
        if (seconds.isEmpty() || seconds.size() > MAX_SCHEDULE_ENTRIES) {
            throw ValidationFailure.body("retry_schedule", "List should have 1 to " + MAX_SCHEDULE_ENTRIES
                    + " items", "too_short");
        }
        for (Integer delay : seconds) {
            if (delay == null || delay < 0 || delay > MAX_DELAY_SECONDS) {
                throw ValidationFailure.body("retry_schedule", "Delays should be between 0 and "
                        + MAX_DELAY_SECONDS + " seconds", "value_error");
            }
        }
    }

    /** A supplied secret: 1..255 characters; a {@code whsec_} one must be base64 after the prefix. */
    static void checkSecret(String secret) {
        if (secret == null) {
            return;
        }
        if (secret.isEmpty() || secret.length() > 255) {
            throw ValidationFailure.body("secret", "String should have 1 to 255 characters", "string_length");
        }
        if (secret.startsWith(io.fieldline.webhook.signing.Signatures.SECRET_PREFIX)
                && !io.fieldline.webhook.signing.Signatures.isStandardSecret(secret)) {
            throw ValidationFailure.body("secret", "A whsec_ secret should be base64 after the prefix",
                    "value_error");
        }
    }

    /** The answer for an unknown id or one of another tenant. */
    public static NotFoundException notFound(String publicId) {
        return new NotFoundException("Webhook '" + publicId + "' not found.");
    }

    static ClientErrorException duplicateUrl() {
        return new ClientErrorException("Webhook already exists.", 409);
    }
}
