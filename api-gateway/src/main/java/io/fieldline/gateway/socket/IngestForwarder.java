package io.fieldline.gateway.socket;

import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.fieldline.gateway.config.GatewayConfig;
import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.gateway.identity.InternalTokens;
import io.fieldline.gateway.routing.EventLoopClients;
import io.fieldline.gateway.routing.ServiceRoute;
import io.fieldline.support.http.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.jboss.logging.Logger;

/**
 * Sends a socket's batch to ingest-service's {@code POST /api/v1/datapoints/batch} with the caller's internal
 * identity token, exactly as an HTTP client's batch would arrive there, so validation, permissions, experiment
 * tagging and the Kafka acknowledgement are the HTTP path's. Every forward has a timeout and waits in a bounded
 * queue for one of a bounded number of connections.
 */
@ApplicationScoped
class IngestForwarder {

    static final String BATCH_PATH = "/api/v1/datapoints/batch";
    private static final Logger LOG = Logger.getLogger(IngestForwarder.class);

    /** What ingest-service made of a batch. */
    sealed interface Outcome {
    }

    /** Answered 2xx: the accepted datapoints are durable (acknowledged by Kafka). */
    record Accepted(int accepted, JsonArray rejected) implements Outcome {
    }

    /** Not accepted: the message for the client, and the status that explains it (e.g. 503: retry later). */
    record Refused(int status, String message) implements Outcome {
    }

    private final ServiceRoute ingest;
    private final InternalTokens tokens;
    private final EventLoopClients clients;
    private final long timeoutMs;

    IngestForwarder(Vertx vertx, GatewayConfig gateway, SocketsConfig config, InternalTokens tokens) {
        this.ingest = ServiceRoute.of("ingest-service", gateway.ingestUrl());
        this.tokens = tokens;
        this.timeoutMs = config.telemetry().forwardTimeout().toMillis();
        this.clients = new EventLoopClients(() -> vertx.createHttpClient(
                new HttpClientOptions()
                        .setConnectTimeout((int) gateway.connectTimeout().toMillis())
                        .setKeepAlive(true),
                new PoolOptions()
                        .setHttp1MaxSize(config.telemetry().forwardConnections())
                        .setMaxWaitQueueSize(config.telemetry().maxWaitingForwards())));
    }

    @PreDestroy
    void close() {
        clients.close();
    }

    /** Forwards the datapoints; the future always succeeds, with a {@link Refused} outcome for every failure. */
    Future<Outcome> forward(GatewayCaller caller, JsonArray datapoints) {
        Buffer body = new JsonObject().put("datapoints", datapoints).toBuffer();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(ingest.host())
                .setPort(ingest.port())
                .setURI(BATCH_PATH)
                .setIdleTimeout(timeoutMs)
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.tokenFor(caller.caller()))
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(RequestIds.HEADER, UUID.randomUUID().toString());
        return clients.current().request(options)
                .compose(request -> request.send(body))
                .compose(response -> response.body().map(answer -> outcome(response, answer, datapoints.size())))
                .otherwise(IngestForwarder::failed);
    }

    private static Outcome outcome(HttpClientResponse response, Buffer answer, int sent) {
        JsonObject json = parse(answer);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            JsonArray rejected = json.getJsonArray("rejected", new JsonArray());
            int accepted = json.getInteger("accepted", sent - rejected.size());
            return new Accepted(accepted, rejected);
        }
        String detail = json.getValue("detail") instanceof String text ? text : null;
        if (status >= 500) {
            return unavailable(status);
        }
        return new Refused(status, detail != null ? detail : "Datapoints were refused (" + status + ")");
    }

    private static Outcome failed(Throwable failure) {
        LOG.debugf("Forwarding a telemetry batch failed: %s", failure);
        String name = failure.getClass().getSimpleName();
        return unavailable(name.contains("Timeout") ? 504 : 503);
    }

    private static Refused unavailable(int status) {
        return new Refused(status, "Datapoints were not accepted: ingest-service is unavailable, retry later");
    }

    private static JsonObject parse(Buffer answer) {
        try {
            return answer.length() == 0 ? new JsonObject() : answer.toJsonObject();
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }
}
