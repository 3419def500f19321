package io.fieldline.gateway.token;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import io.fieldline.gateway.TestAccounts;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Creates API tokens through the API and reads their rows straight from the database, for the token tests. */
public final class TokenFixtures {

    private TokenFixtures() {
    }

    /** A token as its creator received it. */
    public record Issued(String publicId, String plaintext) {

        /** The Authorization header value. */
        public String bearer() {
            return "Bearer " + plaintext;
        }
    }

    /** Creates a token for the account with the given JSON body, expecting 201. */
    public static Issued create(TestAccounts.Account account, String body) {
        var json = given().header("Authorization", account.bearer()).contentType("application/json").body(body)
                .when().post("/api/v1/tokens")
                .then().statusCode(201).extract().jsonPath();
        return new Issued(json.getString("public_id"), json.getString("token"));
    }

    /** Creates an unscoped, unexpiring token named "ci". */
    public static Issued create(TestAccounts.Account account) {
        return create(account, "{\"name\":\"ci\"}");
    }

    /** The {@code api_token} row with that public id (column name → value), or an empty map. */
    public static Map<String, Object> row(String publicId) {
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT * FROM api_token WHERE public_id = ?")) {
            statement.setString(1, publicId);
            try (ResultSet rows = statement.executeQuery()) {
                Map<String, Object> row = new HashMap<>();
                if (rows.next()) {
                    for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                        row.put(rows.getMetaData().getColumnName(i), rows.getObject(i));
                    }
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        return DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "currentSchema=gateway",
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }
}
