package io.fieldline.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @TempDir
    Path tempDir;

    @Test
    void keepsDataAcrossStopRestartAndANewServer() throws Exception {
        Path dataDir = tempDir.resolve("pg"); // its server log pg.log lands beside it, inside the temp dir
        int port;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0)) {
            port = server.port();
            assertEquals("fieldline", server.database());
            assertEquals("jdbc:postgresql://127.0.0.1:" + port + "/fieldline", server.jdbcUrl());
            assertEquals(1, queryInt(server, "SELECT 1"));
            execute(server, "CREATE TABLE probe (x int)");
            execute(server, "INSERT INTO probe VALUES (42)");

            server.stop();
            assertThrows(SQLException.class, () -> queryInt(server, "SELECT 1"));

            server.restart();
            assertEquals(port, server.port());
            assertEquals(42, queryInt(server, "SELECT x FROM probe"));
        }
        // The same data directory in a new server: no initdb, the row is still there.
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dataDir, 0)) {
            assertEquals(42, queryInt(again, "SELECT x FROM probe"));
        }
    }

    private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
        DriverManager.setLoginTimeout(2);
        return DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
    }

    private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection c = connect(server); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int queryInt(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection c = connect(server); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
