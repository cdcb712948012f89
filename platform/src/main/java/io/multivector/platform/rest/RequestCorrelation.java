package io.multivector.platform.rest;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every request carries an {@code X-Request-Id} (the caller's, or a new one) and a W3C
 * {@code traceparent}: both are put on the request so the gateway passes them to the backends and
 * ingest stores them with the events (and the relay into the Kafka records); the id goes into the
 * logs (MDC {@code requestId}) and back to the caller.
 */
public class RequestCorrelation {

    public static final String REQUEST_ID = "X-Request-Id";
    public static final String TRACEPARENT = "traceparent";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern W3C_TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION - 100)
    public void incoming(ContainerRequestContext request) {
        String id = request.getHeaderString(REQUEST_ID);
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
            request.getHeaders().putSingle(REQUEST_ID, id);
        }
        String trace = request.getHeaderString(TRACEPARENT);
        if (trace == null || !W3C_TRACEPARENT.matcher(trace).matches()) {
            request.getHeaders().putSingle(TRACEPARENT, "00-" + hex(16) + "-" + hex(8) + "-01");
        }
        MDC.put("requestId", id);
    }

    @ServerResponseFilter
    public void outgoing(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(REQUEST_ID, request.getHeaderString(REQUEST_ID));
        MDC.remove("requestId");
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
