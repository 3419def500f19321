package io.fieldline.gateway.identity;

import io.fieldline.model.ErrorBody;

/** A credential was refused: 401 (missing, invalid, expired, revoked) or 403 (suspended tenant), with the seed message. */
public class AuthenticationFailure extends RuntimeException {

    private final int status;

    public AuthenticationFailure(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    /** A 401 with the given message. */
    public static AuthenticationFailure unauthorized(String detail) {
        return new AuthenticationFailure(401, detail);
    }

    /** The error body to answer with. */
    public ErrorBody toErrorBody() {
        return ErrorBody.of(status, getMessage());
    }
}
