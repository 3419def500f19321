package io.fieldline.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Changes a row behind a cache's back: the statement runs with the table's own triggers switched off (in the same
 * transaction), so no change notification is sent and only the cache can explain an old answer afterwards.
 */
public final class SilentChanges {

    private SilentChanges() {
    }

    /** Runs {@code sql} on {@code connection} (closed afterwards) with {@code table}'s triggers off. */
    public static void run(Connection connection, String table, String sql, Object... parameters) {
        try (connection) {
            connection.setAutoCommit(false);
            try (PreparedStatement off = connection.prepareStatement("ALTER TABLE " + table + " DISABLE TRIGGER USER");
                    PreparedStatement change = connection.prepareStatement(sql);
                    PreparedStatement on = connection
                            .prepareStatement("ALTER TABLE " + table + " ENABLE TRIGGER USER")) {
                off.execute();
                for (int i = 0; i < parameters.length; i++) {
                    change.setObject(i + 1, parameters[i]);
                }
                change.execute();
                on.execute();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
