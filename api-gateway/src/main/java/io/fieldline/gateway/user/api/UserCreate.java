package io.fieldline.gateway.user.api;

import static io.fieldline.gateway.user.service.UserRules.EMAIL;
import static io.fieldline.gateway.user.service.UserRules.EMAIL_MESSAGE;
import static io.fieldline.gateway.user.service.UserRules.PASSWORD_MAX;
import static io.fieldline.gateway.user.service.UserRules.REQUIRED;
import static io.fieldline.gateway.user.service.UserRules.TOO_LONG;
import static io.fieldline.gateway.user.service.UserRules.TOO_SHORT;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.fieldline.gateway.identity.PasswordHasher;
import io.fieldline.model.Role;

/**
 * The body of {@code POST /api/v1/users} (seed 000).
 *
 * @param role {@code viewer} when absent; may not exceed the caller's own role
 */
public record UserCreate(
        @NotNull(message = REQUIRED) @Email(regexp = EMAIL, message = EMAIL_MESSAGE) @Size(max = 254, message = TOO_LONG) String email,
        @NotNull(message = REQUIRED) @Size(min = 2, message = TOO_SHORT) @Size(max = 50, message = TOO_LONG) String username,
        @NotNull(message = REQUIRED) @Size(min = PasswordHasher.MIN_LENGTH, message = TOO_SHORT) @Size(max = PASSWORD_MAX, message = TOO_LONG) String password,
        Role role) {
}
