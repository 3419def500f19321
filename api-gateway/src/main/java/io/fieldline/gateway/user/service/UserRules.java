package io.fieldline.gateway.user.service;

/** Rules every user account follows, shared by the API's validation and the initial admin. */
public final class UserRules {

    /** An address with a local part, an '@' and a dotted domain (Bean Validation's own check accepts "a@b"). */
    public static final String EMAIL = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";
    /** The message of an invalid email (seed 000 wording). */
    public static final String EMAIL_MESSAGE = "value is not a valid email address";
    /** bcrypt reads at most 72 bytes; longer passwords would be silently cut. */
    public static final int PASSWORD_MAX = 72;

    /** Message of a missing field (seed 000 wording). */
    public static final String REQUIRED = "Field required";
    /** Message of a too short string. */
    public static final String TOO_SHORT = "String should have at least {min} characters";
    /** Message of a too long string. */
    public static final String TOO_LONG = "String should have at most {max} characters";

    private UserRules() {
    }
}
