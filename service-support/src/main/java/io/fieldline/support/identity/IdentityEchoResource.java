package io.fieldline.support.identity;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.arc.profile.IfBuildProfile;

/**
 * Test builds only: answers with the caller the service understood from the identity token, and echoes a JSON
 * body, so the shared contract tests can check identity verification and JSON error handling in every service.
 * Production builds do not contain this endpoint.
 */
@IfBuildProfile("test")
@Path("/api/v1/_test")
public class IdentityEchoResource {

    private final CurrentCaller caller;

    IdentityEchoResource(CurrentCaller caller) {
        this.caller = caller;
    }

    /** A JSON body with a typed field, to provoke wrong-type errors. */
    public record Probe(String name, int count) {
    }

    @GET
    @Path("/identity")
    @Produces(MediaType.APPLICATION_JSON)
    public Caller identity() {
        return caller.get();
    }

    @POST
    @Path("/echo")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Probe echo(Probe probe) {
        return probe;
    }
}
