package io.multivector.gateway.routing.service;

import io.multivector.gateway.routing.Backend;
import io.multivector.gateway.routing.config.GatewayConfig;
import io.multivector.platform.security.InternalCredentialFilter;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forwards a request to the backend that owns it through the JAX-RS client (pooled connections,
 * connect and read timeouts), behind one circuit breaker per backend. Reads, being idempotent, are
 * retried on another instance after a connection failure or timeout; writes never are.
 */
@ApplicationScoped
public class BackendClient {

    /** Request headers a backend needs; everything else (the caller's key above all) stays here. */
    private static final Set<String> PASSED_REQUEST_HEADERS = Set.of("accept", "if-match", "if-none-match",
            "x-request-id", "traceparent", "tracestate", "last-event-id");
    private static final Set<String> PASSED_RESPONSE_HEADERS = Set.of("location", "etag", "retry-after", "link",
            "cache-control", "x-request-id");

    private final Client client;
    private final Map<Backend, Instances> backends = new EnumMap<>(Backend.class);
    private final Optional<String> internalCredential;

    /** The instances of one backend, its breaker, and the retrying guard for reads around the breaker. */
    private record Instances(List<URI> bases, AtomicInteger next, TypedGuard<Forwarded> breaker, TypedGuard<Forwarded> reads) {
        URI pick() {
            return bases.get(Math.floorMod(next.getAndIncrement(), bases.size()));
        }
    }

    public BackendClient(GatewayConfig config) {
        this.internalCredential = config.internalCredential();
        GatewayConfig.Client c = config.client();
        this.client = ClientBuilder.newBuilder()
                .connectTimeout(c.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(c.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, c.poolSize())
                .build();
        for (Backend b : Backend.values()) {
            GatewayConfig.BackendSettings settings = config.backends().get(b.key());
            if (settings == null || settings.urls().isEmpty()) {
                throw new IllegalStateException("multivector.gateway.backends." + b.key() + ".urls is not set");
            }
            TypedGuard<Forwarded> breaker = TypedGuard.create(Forwarded.class)
                    .withCircuitBreaker().name("backend-" + b.key())
                    .requestVolumeThreshold(c.breakerWindow()).failureRatio(c.breakerFailureRatio())
                    .delay(c.breakerDelay().toMillis(), ChronoUnit.MILLIS).failOn(BackendUnavailableException.class).done()
                    .build();
            TypedGuard<Forwarded> reads = TypedGuard.create(Forwarded.class)
                    .withRetry().maxRetries(c.readRetries()).delay(100, ChronoUnit.MILLIS).jitter(50, ChronoUnit.MILLIS)
                    .retryOn(BackendUnavailableException.class).abortOn(CircuitBreakerOpenException.class).done()
                    .build();
            List<URI> bases = settings.urls().stream().map(u -> URI.create(u.replaceAll("/+$", ""))).toList();
            backends.put(b, new Instances(bases, new AtomicInteger(), breaker, reads));
        }
    }

    /**
     * @param path     the backend's own path, e.g. {@code /relations/KZ/RU}, already encoded
     * @param rawQuery the query string as the caller sent it (encoded), or null
     */
    public Forwarded forward(Backend backend, String method, String path, String rawQuery,
                             MultivaluedMap<String, String> headers, String contentType, byte[] body) {
        Instances instances = backends.get(backend);
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        try {
            if (read) {
                return instances.reads().call(() -> instances.breaker().call(
                        () -> send(backend, instances.pick(), method, path, rawQuery, headers, contentType, body)));
            }
            return instances.breaker().call(() -> send(backend, instances.pick(), method, path, rawQuery, headers, contentType, body));
        } catch (CircuitBreakerOpenException e) {
            throw new BackendUnavailableException(backend, "its circuit breaker is open after repeated failures", e);
        } catch (BackendUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new BackendUnavailableException(backend, e.toString(), e);
        }
    }

    private Forwarded send(Backend backend, URI base, String method, String path, String rawQuery,
                           MultivaluedMap<String, String> headers, String contentType, byte[] body) {
        URI uri = URI.create(base + path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
        Invocation.Builder request = client.target(uri).request();
        if (headers != null) {
            headers.forEach((name, values) -> {
                if (PASSED_REQUEST_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
        }
        internalCredential.ifPresent(secret -> request.header(InternalCredentialFilter.HEADER, secret));
        // A POST without a body (an admin action) carries no entity; a body without a type goes as octet-stream,
        // which the backend refuses with 415 (an entity of type null made the JAX-RS client throw: a 503).
        boolean noEntity = body == null || (contentType == null && body.length == 0);
        try (Response r = noEntity ? request.method(method)
                : request.method(method, Entity.entity(body, contentType == null ? jakarta.ws.rs.core.MediaType.APPLICATION_OCTET_STREAM : contentType))) {
            Map<String, String> passed = new LinkedHashMap<>();
            r.getStringHeaders().forEach((name, values) -> {
                if (PASSED_RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !values.isEmpty()) {
                    passed.put(name, values.getFirst());
                }
            });
            byte[] bytes = r.hasEntity() ? r.readEntity(byte[].class) : new byte[0];
            String type = r.getMediaType() == null ? null : r.getMediaType().toString();
            return new Forwarded(r.getStatus(), type, passed, bytes);
        } catch (ProcessingException e) {
            // connection refused, reset or timed out: the backend, not the request, is at fault
            throw new BackendUnavailableException(backend, rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
