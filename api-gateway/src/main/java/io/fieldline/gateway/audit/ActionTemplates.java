package io.fieldline.gateway.audit;

import java.util.regex.Pattern;

/**
 * Turns a request into an audit action with ids replaced by {@code {id}} ({@code DELETE /api/v1/users/{id}}), so
 * actions can be filtered and counted, and picks the last id of the path as the target.
 */
final class ActionTemplates {

    static final String ID = "{id}";
    // Bounds what a client can make the gateway store: request lines may be kilobytes long.
    static final int MAX_ACTION = 255;
    static final int MAX_TARGET = 64;

    private static final Pattern UUID_LIKE = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

    private ActionTemplates() {
    }

    /** The method and the path with every id segment replaced by {@code {id}}. */
    static String action(String method, String path) {
        StringBuilder action = new StringBuilder(method).append(' ');
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                action.append('/');
            }
            action.append(isId(segments[i]) ? ID : segments[i]);
        }
        return truncate(action.toString(), MAX_ACTION);
    }

    /** The last id segment of the path, or null if it has none. */
    static String target(String path) {
        String[] segments = path.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            if (isId(segments[i])) {
                return truncate(segments[i], MAX_TARGET);
            }
        }
        return null;
    }

    /** The outcome a response status stands for: 2xx/3xx success, 401/403 denied, anything else failure. */
    static String outcome(int status) {
        if (status == 401 || status == 403) {
            return AuditRecord.DENIED;
        }
        return status >= 200 && status < 400 ? AuditRecord.SUCCESS : AuditRecord.FAILURE;
    }

    static boolean isId(String segment) {
        return UUID_LIKE.matcher(segment).matches() || NUMERIC.matcher(segment).matches();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
