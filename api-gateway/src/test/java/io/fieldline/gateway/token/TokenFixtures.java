package io.fieldline.gateway.token;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.fieldline.gateway.TestAccounts;
import io.fieldline.gateway.TestQueries;

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
        Map<String, Object> row = TestQueries.row("SELECT * FROM api_token WHERE public_id = ?", publicId);
        return row == null ? Map.of() : row;
    }
}
