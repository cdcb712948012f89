package io.multivector.platform.rest;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every request carries an {@code X-Request-Id} (the caller's, or a new one): it is put on the request so
 * the gateway passes it to the backends and ingest stores it with the events (and the relay puts it on the
 * Kafka records); it goes into the logs (MDC {@code requestId}) and back to the caller. Trace context
 * ({@code traceparent}) is not a request id: OpenTelemetry takes it in and passes it on.
 */
public class RequestCorrelation {

    public static final String REQUEST_ID = "X-Request-Id";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION - 100)
    public void incoming(ContainerRequestContext request) {
        String id = request.getHeaderString(REQUEST_ID);
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
            request.getHeaders().putSingle(REQUEST_ID, id);
        }
        MDC.put("requestId", id);
    }

    @ServerResponseFilter
    public void outgoing(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(REQUEST_ID, request.getHeaderString(REQUEST_ID));
        MDC.remove("requestId");
    }
}
