package io.fieldline.gateway.routing;

import java.net.ConnectException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fieldline.gateway.config.GatewayConfig;
import io.fieldline.gateway.identity.GatewayCaller;
import io.fieldline.gateway.identity.InternalTokens;
import io.fieldline.gateway.protection.ClientAddress;
import io.fieldline.model.ErrorBody;
import io.fieldline.support.http.BodyLimit;
import io.fieldline.support.http.ErrorResponses;
import io.fieldline.support.http.RequestIds;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * Forwards {@code /api/v1/<prefix>/**} to the owning service with the caller's internal identity token. Bodies are
 * streamed both ways (never buffered whole); a service that is down, slow or failing gets 503, 504 or 502 with the
 * error body instead of a hang.
 */
@ApplicationScoped
public class ServiceProxy {

    private static final Logger LOG = Logger.getLogger(ServiceProxy.class);

    private final ServiceRoutes routes;
    private final InternalTokens tokens;
    private final EventLoopClients clients;
    private final long readTimeoutMs;
    private final BodyLimit bodyLimit;

    ServiceProxy(Vertx vertx, GatewayConfig config, ServiceRoutes routes, InternalTokens tokens, BodyLimit bodyLimit) {
        this.routes = routes;
        this.tokens = tokens;
        this.readTimeoutMs = config.readTimeout().toMillis();
        this.bodyLimit = bodyLimit;
        this.clients = new EventLoopClients(() -> vertx.createHttpClient(
                new HttpClientOptions()
                        .setConnectTimeout((int) config.connectTimeout().toMillis())
                        .setKeepAlive(true)
                        .setDecompressionSupported(false),
                new PoolOptions()
                        .setHttp1MaxSize(config.maxConnectionsPerService())
                        .setMaxWaitQueueSize(config.maxWaitingRequests())));
    }

    void register(@Observes Router router) {
        router.routeWithRegex(routes.pathRegex()).handler(this::forward);
        // Paths with a larger body limit (e.g. firmware uploads) are forwarded before Quarkus' own check of the
        // default limit, which would refuse their declared length (see BodyLimit).
        router.routeWithRegex(routes.pathRegex()).order(BodyLimit.OVERRIDE_ROUTE_ORDER).handler(ctx -> {
            if (bodyLimit.hasOverride(ctx.request().path())) {
                forward(ctx);
            } else {
                ctx.next();
            }
        });
    }

    @PreDestroy
    void close() {
        clients.close();
    }

    private void forward(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        ServiceRoute route = routes.resolve(request.path()).orElseThrow();
        GatewayCaller caller = GatewayCaller.of(ctx); // GatewayAuthentication let only authenticated calls through
        // BodyLimit has already refused a declared length over the limit.
        long declaredLength = contentLength(request);
        request.pause();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(route.host())
                .setPort(route.port())
                .setURI(request.uri())
                .setIdleTimeout(readTimeoutMs)
                .setHeaders(MultiMap.caseInsensitiveMultiMap());
        ForwardedHeaders.copyRequest(request.headers(), options.getHeaders());
        options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.tokenFor(caller.caller()))
                .putHeader(RequestIds.HEADER, RequestIds.of(ctx))
                .putHeader("X-Forwarded-For", ClientAddress.of(ctx))
                .putHeader("X-Forwarded-Proto", request.scheme())
                .putHeader("X-Forwarded-Host", String.valueOf(request.authority()));

        clients.current().request(options)
                .compose(serviceRequest -> send(ctx, serviceRequest, declaredLength))
                .onSuccess(serviceResponse -> relay(ctx.response(), serviceResponse))
                .onFailure(failure -> fail(ctx, route, failure));
    }

    private io.vertx.core.Future<HttpClientResponse> send(RoutingContext ctx, HttpClientRequest serviceRequest,
            long declaredLength) {
        HttpServerRequest request = ctx.request();
        // If the client goes away, stop the service call too.
        ctx.response().closeHandler(v -> serviceRequest.reset());
        if (declaredLength >= 0) {
            serviceRequest.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(declaredLength));
            return serviceRequest.send(request);
        }
        if ("chunked".equalsIgnoreCase(request.getHeader(HttpHeaders.TRANSFER_ENCODING))) {
            serviceRequest.setChunked(true);
            ReadStream<Buffer> body = new LimitedBody(request, bodyLimit.limitFor(request.path()));
            return serviceRequest.send(body);
        }
        request.resume();
        return serviceRequest.send();
    }

    private static void relay(HttpServerResponse response, HttpClientResponse serviceResponse) {
        if (response.closed()) {
            return;
        }
        response.setStatusCode(serviceResponse.statusCode()).setStatusMessage(serviceResponse.statusMessage());
        ForwardedHeaders.copyResponse(serviceResponse.headers(), response.headers());
        if (serviceResponse.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            response.setChunked(true);
        }
        serviceResponse.pipe().endOnFailure(false).to(response).onFailure(e -> response.reset());
    }

    private void fail(RoutingContext ctx, ServiceRoute route, Throwable failure) {
        if (failure instanceof LimitedBody.BodyTooLargeException) {
            tooLarge(ctx.response());
            return;
        }
        ErrorBody body = failureBody(route, failure);
        LOG.debugf("Forwarding to %s failed: %s", route.service(), failure);
        ErrorResponses.end(ctx.response(), body);
    }

    static ErrorBody failureBody(ServiceRoute route, Throwable failure) {
        String name = failure.getClass().getSimpleName();
        if (name.contains("Timeout")) {
            return ErrorBody.of(504, "Service '" + route.service() + "' did not answer in time.");
        }
        if (failure instanceof ConnectException || name.contains("PoolTooBusy")) {
            return ErrorBody.of(503, "Service '" + route.service() + "' is unavailable.");
        }
        return ErrorBody.of(502, "Service '" + route.service() + "' failed to answer.");
    }

    private static void tooLarge(HttpServerResponse response) {
        // The rest of the body is not read; closing the connection afterwards keeps it from being misparsed.
        response.putHeader(HttpHeaders.CONNECTION, "close");
        ErrorResponses.end(response, ErrorBody.of(413, "Request body too large"));
    }

    private static long contentLength(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
