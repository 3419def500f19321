package io.fieldline.support.http;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.fieldline.model.ErrorBody;
import io.fieldline.model.FieldError;
import io.fieldline.model.PageRequest;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every exception a resource can throw to the error body: malformed JSON → 400, wrong types or invalid values →
 * 422 with {@code errors}, JAX-RS and security exceptions → their status, anything else → 500 without internals.
 */
public class ExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ExceptionMappers.class);

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        // The JSON reader wraps Jackson's failures; answer them as if unwrapped.
        if (e.getCause() instanceof StreamReadException parse) {
            return malformedJson(parse);
        }
        if (e.getCause() instanceof JsonMappingException mapping) {
            return unreadableJson(mapping);
        }
        int status = e.getResponse().getStatus();
        if (status < 400) {
            return e.getResponse();
        }
        return ErrorResponses.of(status, isFrameworkMessage(e.getMessage(), status)
                ? ErrorResponses.reason(status)
                : e.getMessage());
    }

    @ServerExceptionMapper
    public Response malformedJson(StreamReadException e) {
        return ErrorResponses.of(400, "Malformed JSON body: " + firstLine(e.getOriginalMessage()));
    }

    // Listed one by one: Quarkus has built-in mappers for some subtypes, and the closest type wins.
    @ServerExceptionMapper({ JsonMappingException.class, MismatchedInputException.class,
            InvalidFormatException.class, ValueInstantiationException.class })
    public Response unreadableJson(JsonMappingException e) {
        if (e.getCause() instanceof JsonParseException parse) {
            return malformedJson(parse);
        }
        String type = e instanceof MismatchedInputException ? "type_error" : "value_error";
        String message = firstLine(e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage());
        FieldError error = new FieldError(location(e), message, type);
        return ErrorResponses.of(ErrorBody.validation("Invalid request body", List.of(error)));
    }

    @ServerExceptionMapper
    public Response invalidPage(PageRequest.InvalidPageException e) {
        return ErrorResponses.of(e.toErrorBody());
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(RuntimeException e) {
        return ErrorResponses.of(401, "Not authenticated");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ErrorResponses.of(403, "Not enough permissions");
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        LOG.error("Unhandled error", e);
        return ErrorResponses.of(500, "Internal server error");
    }

    // Messages the framework writes (e.g. "HTTP 404 Not Found", "Unable to find matching target resource method")
    // are replaced by the plain reason phrase, as seed 000 answers unknown routes with {"detail":"Not Found"}.
    private static boolean isFrameworkMessage(String message, int status) {
        return message == null || message.startsWith("HTTP " + status) || message.startsWith("Unable to find");
    }

    private static List<Object> location(JsonMappingException e) {
        List<Object> loc = new ArrayList<>();
        loc.add("body");
        for (JsonMappingException.Reference ref : e.getPath()) {
            loc.add(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
        }
        return loc;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
