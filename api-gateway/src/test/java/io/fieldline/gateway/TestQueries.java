package io.fieldline.gateway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.fieldline.gateway.identity.IdentityCache;
import io.fieldline.testsupport.Await;
import io.quarkus.arc.Arc;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads and writes the gateway schema directly, for tests that arrange or check what is stored. */
public final class TestQueries {

    private TestQueries() {
    }

    /** The first column of the first row as text, or null if there is no row. */
    public static String text(String sql, Object... parameters) {
        try (Connection connection = connect();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first row as column name → value, or null if there is no row. */
    public static Map<String, Object> row(String sql, Object... parameters) {
        try (Connection connection = connect();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                return null;
            }
            Map<String, Object> row = new HashMap<>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                row.put(rows.getMetaData().getColumnName(i), rows.getObject(i));
            }
            return row;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one statement. */
    public static void execute(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs one statement that changes what authentication reads, and returns once the gateway's
     * {@link IdentityCache} has heard of it, as it would of a change made through the API.
     */
    public static void changeIdentity(String sql, Object... parameters) {
        IdentityCache cache = Arc.container().instance(IdentityCache.class).get();
        long heard = cache.notifications();
        execute(sql, parameters);
        Await.until("the gateway hears of: " + sql, Duration.ofSeconds(10),
                () -> !cache.listening() || cache.notifications() > heard);
    }

    /** The first column of the first row as a number (e.g. a count). */
    public static long number(String sql, Object... parameters) {
        return Long.parseLong(text(sql, parameters));
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    /** A new JDBC connection to the gateway schema; the caller closes it. */
    public static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        return DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "currentSchema=gateway",
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }
}
