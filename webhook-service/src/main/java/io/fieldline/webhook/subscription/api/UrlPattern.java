package io.fieldline.webhook.subscription.api;

/** Seed 000's URL rule: http or https only. */
final class UrlPattern {

    static final String REGEX = "^https?://.+";
    static final String MESSAGE = "String should match pattern '^https?://'";

    private UrlPattern() {
    }
}
