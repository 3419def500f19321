package io.fieldline.support.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.fieldline.model.ErrorBody;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;

/** Builds error responses with the body of DESIGN.md §4, for JAX-RS and for plain Vert.x routes alike. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    /** A JAX-RS response carrying the body. */
    public static Response of(ErrorBody body) {
        Response.ResponseBuilder builder = Response.status(body.status()).entity(body).type(MediaType.APPLICATION_JSON);
        if (body.status() == 401) {
            builder.header("WWW-Authenticate", "Bearer");
        }
        return builder.build();
    }

    /** A JAX-RS response with the standard code of the status. */
    public static Response of(int status, String detail) {
        return of(ErrorBody.of(status, detail));
    }

    /** Ends a Vert.x response with the body, unless headers were already sent (then the connection is reset). */
    public static void end(HttpServerResponse response, ErrorBody body) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(body.status()).putHeader("Content-Type", MediaType.APPLICATION_JSON);
        if (body.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        response.end(Json.encode(body));
    }

    /** The standard human message of a status, e.g. "Not Found". */
    public static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "HTTP " + status;
    }
}
