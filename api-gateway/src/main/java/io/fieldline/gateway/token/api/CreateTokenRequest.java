package io.fieldline.gateway.token.api;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /api/v1/tokens}.
 *
 * @param name a label for the token (1..255 characters)
 * @param expiresAt when the token stops working (must be in the future), or null for never
 * @param scopes permission names to narrow the token to, or null for all of the owner's role
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateTokenRequest(
        @NotNull(message = "Field required") @Size.List( {
                @Size(min = 1, message = "String should have at least 1 character"),
                @Size(max = 255, message = "String should have at most 255 characters") }) String name,
        @Future(message = "Input should be in the future") OffsetDateTime expiresAt,
        @Size.List({ @Size(min = 1, message = "List should have at least 1 item after validation"),
                @Size(max = 32, message = "List should have at most 32 items after validation") }) List<String> scopes){
}
