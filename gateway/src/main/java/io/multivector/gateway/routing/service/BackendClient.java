package io.multivector.gateway.routing.service;

import io.multivector.gateway.routing.Backend;
import io.multivector.gateway.routing.config.GatewayConfig;
import io.multivector.platform.security.GatewayCaller;
import io.multivector.platform.security.InternalCredentialFilter;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forwards a request to the backend that owns it over Vert.x's HTTP client (pooled keep-alive
 * connections, connect and idle timeouts) without holding a thread while the backend works, behind
 * one circuit breaker per backend. Reads, being idempotent, are retried on another instance after a
 * connection failure or timeout; writes never are.
 */
@ApplicationScoped
public class BackendClient {

    /**
     * Request headers a backend needs; everything else (the caller's key above all) stays here. The caller's key
     * name and role are the ones {@code AccessFilter} set, never a client's. Trace context is not copied: the
     * OpenTelemetry tracer of Vert.x's HTTP client writes the client span's {@code traceparent} on every request.
     */
    private static final Set<String> PASSED_REQUEST_HEADERS = Set.of("accept", "if-match", "if-none-match",
            "x-request-id", "last-event-id",
            GatewayCaller.KEY_NAME.toLowerCase(Locale.ROOT), GatewayCaller.ROLE.toLowerCase(Locale.ROOT));
    private static final Set<String> PASSED_RESPONSE_HEADERS = Set.of("location", "etag", "cache-status", "retry-after", "link",
            "cache-control", "x-request-id", GatewayCaller.RECORDED_BY.toLowerCase(Locale.ROOT),
            GatewayCaller.RECORDED_REQUEST_ID.toLowerCase(Locale.ROOT));
    private static final TypeLiteral<Uni<Forwarded>> ANSWER = new TypeLiteral<>() {
    };

    private final HttpClient client;
    private final long readTimeoutMillis;
    private final Map<Backend, Instances> backends = new EnumMap<>(Backend.class);
    private final Optional<String> internalCredential;

    /** The instances of one backend, its breaker, and the retrying guard for reads around the breaker. */
    private record Instances(List<URI> bases, AtomicInteger next, TypedGuard<Uni<Forwarded>> breaker,
                             TypedGuard<Uni<Forwarded>> reads) {
        URI pick() {
            return bases.get(Math.floorMod(next.getAndIncrement(), bases.size()));
        }
    }

    public BackendClient(GatewayConfig config, Vertx vertx) {
        this.internalCredential = config.internalCredential();
        GatewayConfig.Client c = config.client();
        this.readTimeoutMillis = c.readTimeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setConnectTimeout((int) c.connectTimeout().toMillis()),
                new PoolOptions().setHttp1MaxSize(c.poolSize()).setMaxWaitQueueSize(c.maxWaiting()));
        for (Backend b : Backend.values()) {
            GatewayConfig.BackendSettings settings = config.backends().get(b.key());
            if (settings == null || settings.urls().isEmpty()) {
                throw new IllegalStateException("multivector.gateway.backends." + b.key() + ".urls is not set");
            }
            TypedGuard<Uni<Forwarded>> breaker = TypedGuard.create(ANSWER)
                    .withCircuitBreaker().name("backend-" + b.key())
                    .requestVolumeThreshold(c.breakerWindow()).failureRatio(c.breakerFailureRatio())
                    .delay(c.breakerDelay().toMillis(), ChronoUnit.MILLIS).failOn(BackendUnavailableException.class).done()
                    .withThreadOffload(false)
                    .build();
            TypedGuard<Uni<Forwarded>> reads = TypedGuard.create(ANSWER)
                    .withRetry().maxRetries(c.readRetries()).delay(100, ChronoUnit.MILLIS).jitter(50, ChronoUnit.MILLIS)
                    .retryOn(BackendUnavailableException.class).abortOn(CircuitBreakerOpenException.class).done()
                    .withThreadOffload(false)
                    .build();
            // Neither guard offloads: what it guards only starts a non-blocking request, so a hop to another task
            // of the event loop per request (the default for an asynchronous guard) would buy nothing.
            List<URI> bases = settings.urls().stream().map(u -> URI.create(u.replaceAll("/+$", ""))).toList();
            backends.put(b, new Instances(bases, new AtomicInteger(), breaker, reads));
        }
    }

    /**
     * The backend's answer, whatever its status; fails with {@link BackendUnavailableException} when
     * no instance could be reached in time or the breaker is open, with {@link BackendBusyException}
     * when too many requests already wait for a connection.
     *
     * @param path     the backend's own path, e.g. {@code /relations/KZ/RU}, already encoded
     * @param rawQuery the query string as the caller sent it (encoded), or null
     */
    public Uni<Forwarded> forward(Backend backend, String method, String path, String rawQuery,
                                  MultivaluedMap<String, String> headers, String contentType, byte[] body) {
        Instances instances = backends.get(backend);
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        Uni<Forwarded> guarded;
        try {
            guarded = read
                    ? instances.reads().call(() -> instances.breaker().call(
                    () -> send(backend, instances.pick(), method, path, rawQuery, headers, contentType, body)))
                    : instances.breaker().call(() -> send(backend, instances.pick(), method, path, rawQuery, headers, contentType, body));
        } catch (Exception e) {
            return Uni.createFrom().failure(unavailable(backend, e));
        }
        return guarded.onFailure().transform(e -> unavailable(backend, e));
    }

    private static RuntimeException unavailable(Backend backend, Throwable e) {
        return switch (e) {
            case BackendUnavailableException u -> u;
            case BackendBusyException busy -> busy;
            case CircuitBreakerOpenException open ->
                    new BackendUnavailableException(backend, "its circuit breaker is open after repeated failures", open);
            default -> new BackendUnavailableException(backend, e.toString(), e);
        };
    }

    /** One attempt, started on subscription (so a retry sends again). */
    private Uni<Forwarded> send(Backend backend, URI base, String method, String path, String rawQuery,
                                MultivaluedMap<String, String> headers, String contentType, byte[] body) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setAbsoluteURI(base + path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery))
                .setIdleTimeout(readTimeoutMillis);
        return Uni.createFrom().<Forwarded>emitter(answer -> client.request(options)
                .compose(request -> {
                    copyRequestHeaders(request, headers);
                    // A POST without a body (an admin action) carries no entity; a body without a type goes as
                    // octet-stream, which the backend refuses with 415.
                    if (body == null || (contentType == null && body.length == 0)) {
                        return request.send();
                    }
                    request.putHeader("Content-Type", contentType == null ? MediaType.APPLICATION_OCTET_STREAM : contentType);
                    return request.send(Buffer.buffer(body));
                })
                .compose(response -> response.body().map(bytes -> answer(response, bytes)))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        answer.complete(ar.result());
                    } else if (ar.cause() instanceof ConnectionPoolTooBusyException) {
                        answer.fail(new BackendBusyException(backend, ar.cause()));
                    } else {
                        // connection refused, reset or timed out: the backend, not the request, is at fault
                        answer.fail(new BackendUnavailableException(backend, rootMessage(ar.cause()), ar.cause()));
                    }
                }));
    }

    private void copyRequestHeaders(HttpClientRequest request, MultivaluedMap<String, String> headers) {
        if (headers != null) {
            headers.forEach((name, values) -> {
                if (PASSED_REQUEST_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.headers().add(name, v));
                }
            });
        }
        internalCredential.ifPresent(secret -> request.putHeader(InternalCredentialFilter.HEADER, secret));
    }

    private static Forwarded answer(HttpClientResponse response, Buffer body) {
        Map<String, String> passed = new LinkedHashMap<>();
        response.headers().forEach(h -> {
            if (PASSED_RESPONSE_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                passed.putIfAbsent(h.getKey(), h.getValue());
            }
        });
        return new Forwarded(response.statusCode(), response.getHeader("Content-Type"), passed, body.getBytes());
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
