package io.fieldline.support.http;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
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
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
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
        // A response that already carries the error body (e.g. a 429 with Retry-After) goes out as built.
        if (status < 400 || e.getResponse().getEntity() instanceof ErrorBody) {
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

    @ServerExceptionMapper
    public Response invalid(ValidationFailure e) {
        return ErrorResponses.of(e.toErrorBody());
    }

    /** Bean Validation on request bodies and parameters: 422 with one entry per violation. */
    @ServerExceptionMapper({ ConstraintViolationException.class, ResteasyReactiveViolationException.class })
    public Response constraintViolations(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(ExceptionMappers::fieldError)
                .sorted(java.util.Comparator.comparing(f -> f.loc().toString()))
                .toList();
        String detail = errors.isEmpty() ? "Invalid request" : errors.get(0).msg();
        return ErrorResponses.of(ErrorBody.validation(detail, errors));
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

    private static FieldError fieldError(ConstraintViolation<?> violation) {
        // The path is method.argument[.field…]: with fields it was the body, without a query or path parameter.
        List<Path.Node> nodes = new ArrayList<>();
        violation.getPropertyPath().forEach(nodes::add);
        List<Path.Node> afterMethod = nodes.stream().filter(n -> n.getKind() != ElementKind.METHOD).toList();
        List<Object> loc = new ArrayList<>();
        if (afterMethod.size() > 1) {
            loc.add("body");
            afterMethod.stream().skip(1).filter(n -> n.getName() != null).forEach(n -> loc.add(snakeCase(n.getName())));
        } else {
            loc.add("query");
            afterMethod.forEach(n -> loc.add(snakeCase(n.getName())));
        }
        String type = snakeCase(violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName());
        return new FieldError(loc, violation.getMessage(), type);
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
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
