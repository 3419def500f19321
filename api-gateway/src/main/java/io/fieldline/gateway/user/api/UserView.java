package io.fieldline.gateway.user.api;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.fieldline.gateway.user.store.UserRow;
import io.fieldline.model.Role;

/**
 * A user as seed 000 shows it ({@code /users/{id}}, {@code /auth/me}); never the password hash.
 *
 * @param admin whether the role is admin or above
 * @param ssoProvider always null: single sign-on is not part of Fieldline
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UserView(String publicId, String email, String username, Role role, boolean admin,
        OffsetDateTime registeredOn, String ssoProvider) {

    /** The view of a stored user. */
    public static UserView of(UserRow row) {
        return new UserView(row.publicId(), row.email(), row.username(), row.role(), row.role().atLeast(Role.ADMIN),
                row.registeredOn(), null);
    }
}
