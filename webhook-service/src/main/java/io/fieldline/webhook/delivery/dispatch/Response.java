package io.fieldline.webhook.delivery.dispatch;

/**
 * What a receiver answered to one attempt, or why it did not.
 *
 * @param statusCode the HTTP status, or null when no response came
 * @param error null for 2xx; "HTTP 500", "Timeout", "Transport error: …", "Blocked: …" otherwise
 * @param excerpt the first bytes of the response body (at most the configured excerpt), or null
 */
record Response(Integer statusCode, String error, String excerpt, int durationMillis) {

    boolean success() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
}
