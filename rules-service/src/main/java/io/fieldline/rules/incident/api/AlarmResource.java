package io.fieldline.rules.incident.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.fieldline.model.Page;
import io.fieldline.model.PageRequest;
import io.fieldline.rules.incident.service.IncidentService;
import io.fieldline.rules.incident.service.ManualAction;
import io.fieldline.rules.incident.store.IncidentFilter;
import io.fieldline.support.http.ValidationFailure;
import io.fieldline.support.identity.CurrentCaller;
import io.smallrye.mutiny.Uni;

/** {@code /api/v1/alarms}: the incidents of the caller's tenant and their seed 002 lifecycle actions. */
@Path("/api/v1/alarms")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AlarmResource {

    private static final Set<String> STATUSES = Set.of("active", "acknowledged", "shelved", "cleared", "resolved");
    private static final Set<String> SEVERITIES = Set.of("info", "warning", "critical", "life_safety");

    private final IncidentService service;
    private final CurrentCaller caller;

    AlarmResource(IncidentService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    /** Incidents newest first, filtered by status, severity, event, rule and raised_at range. */
    @GET
    public Uni<Page<AlarmResponse>> list(@QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize,
            @QueryParam("status") String status, @QueryParam("severity") String severity,
            @QueryParam("event") String event, @QueryParam("rule") String rule, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        PageRequest request = PageRequest.of(page, pageSize);
        check("status", status, STATUSES,
                "Input should be 'active', 'acknowledged', 'shelved', 'cleared' or 'resolved'");
        check("severity", severity, SEVERITIES, "Input should be 'info', 'warning', 'critical' or 'life_safety'");
        IncidentFilter filter = new IncidentFilter(status, severity, event, rule, instant("from", from),
                instant("to", to));
        return service.list(caller.get(), filter, request).map(found -> found.map(AlarmResponse::of));
    }

    /** Counts by status and, for open incidents, by severity. */
    @GET
    @Path("/summary")
    public Uni<Map<String, Object>> summary() {
        return service.summary(caller.get());
    }

    /** One incident with its history of transitions. */
    @GET
    @Path("/{public_id}")
    public Uni<AlarmResponse> get(@PathParam("public_id") String publicId) {
        return service.get(caller.get(), publicId).map(e -> AlarmResponse.of(e.getKey(), e.getValue()));
    }

    /** Acknowledges an active incident (who comes from the token; an optional note). */
    @POST
    @Path("/{public_id}/acknowledge")
    public Uni<AlarmResponse> acknowledge(@PathParam("public_id") String publicId, @Valid ActionRequest body) {
        return act(publicId, ManualAction.acknowledge(note(body)));
    }

    /** Shelves an active or acknowledged incident until {@code until} or for {@code duration_seconds}. */
    @POST
    @Path("/{public_id}/shelve")
    public Uni<AlarmResponse> shelve(@PathParam("public_id") String publicId, @Valid ActionRequest body) {
        Instant until;
        if (body != null && body.until() != null) {
            until = body.until();
        } else if (body != null && body.durationSeconds() != null) {
            until = Instant.now().plusSeconds(body.durationSeconds());
        } else {
            throw ValidationFailure.body("until", "Field required (until or duration_seconds)", "missing");
        }
        if (!until.isAfter(Instant.now())) {
            throw ValidationFailure.body("until", "until must be in the future", "value_error");
        }
        return act(publicId, ManualAction.shelve(note(body), until));
    }

    /** Lifts a shelf before it expires. */
    @POST
    @Path("/{public_id}/unshelve")
    public Uni<AlarmResponse> unshelve(@PathParam("public_id") String publicId, @Valid ActionRequest body) {
        return act(publicId, ManualAction.unshelve(note(body)));
    }

    /** Resolves an open incident (who from the token; an optional note). */
    @POST
    @Path("/{public_id}/resolve")
    public Uni<AlarmResponse> resolve(@PathParam("public_id") String publicId, @Valid ActionRequest body) {
        return act(publicId, ManualAction.resolve(note(body)));
    }

    private Uni<AlarmResponse> act(String publicId, ManualAction action) {
        return service.act(caller.get(), publicId, action).map(AlarmResponse::of);
    }

    private static String note(ActionRequest body) {
        return body == null ? null : body.note();
    }

    private static void check(String parameter, String value, Set<String> allowed, String message) {
        if (value != null && !allowed.contains(value)) {
            throw ValidationFailure.query(parameter, message, "enum");
        }
    }

    private static Instant instant(String parameter, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ValidationFailure.query(parameter, "Input should be an ISO-8601 UTC time", "datetime_parsing");
        }
    }
}
