package io.fieldline.gateway.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads audit rows straight from the gateway schema, for events the API cannot show (no tenant). */
final class AuditRows {

    private AuditRows() {
    }

    /** The stored row of the request's audit event (column → value), or null if none is stored yet. */
    static Map<String, Object> byRequestId(String requestId) {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection connection = DriverManager.getConnection(
                url + (url.contains("?") ? "&" : "?") + "currentSchema=gateway",
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT tenant_id, actor, credential_kind, action, outcome FROM audit_event "
                                + "WHERE request_id = ?")) {
            statement.setString(1, requestId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                Map<String, Object> row = new HashMap<>();
                for (String column : new String[]{ "tenant_id", "actor", "credential_kind", "action", "outcome" }) {
                    row.put(column, rows.getObject(column));
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
