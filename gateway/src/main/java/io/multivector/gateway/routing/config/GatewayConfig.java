package io.multivector.gateway.routing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The gateway's settings ({@code multivector.gateway.*}); every one has an environment variable in application.properties. */
@ConfigMapping(prefix = "multivector.gateway")
public interface GatewayConfig {

    /** ingest, relations, trade → where their instances listen. */
    Map<String, BackendSettings> backends();

    /** Connections and resilience towards the backends. */
    Client client();

    /** API keys as {@code name:role:sha256hex[:requestsPerSecond]}, comma separated; never the keys themselves. */
    Optional<List<String>> apiKeys();

    /** Whether callers without a key may read (GET). Writes and admin always need a key. */
    @WithDefault("true")
    boolean anonymousReads();

    RateLimit rateLimit();

    /** Sent to the backends with every call; they take writes and admin calls only with it. */
    Optional<String> internalCredential();

    /** Largest request body accepted (bytes); larger gets 413 before it reaches a backend. */
    @WithDefault("16777216")
    long maxBodyBytes();

    interface BackendSettings {
        /** Base URLs of the instances; reads spread over them round robin. */
        List<String> urls();
    }

    interface Client {
        @WithDefault("2s")
        Duration connectTimeout();

        @WithDefault("30s")
        Duration readTimeout();

        @WithDefault("50")
        int poolSize();

        /**
         * Requests that may wait for one of an instance's {@link #poolSize()} connections; beyond them the gateway
         * answers 503 at once (backend-busy, Retry-After) rather than queue work its caller will have given up on.
         */
        @WithDefault("1000")
        int maxWaiting();

        /** Retries of an idempotent read after a connection failure or timeout; writes are never retried. */
        @WithDefault("2")
        int readRetries();

        /** Calls in the circuit breaker's rolling window before it may open. */
        @WithDefault("20")
        int breakerWindow();

        @WithDefault("0.5")
        double breakerFailureRatio();

        /** How long an open breaker refuses calls before it lets one through. */
        @WithDefault("5s")
        Duration breakerDelay();
    }

    interface RateLimit {
        /** Sustained requests per second per key (anonymous callers: per address). */
        @WithDefault("1000")
        double perSecond();

        /** Requests that may come at once above the sustained rate. */
        @WithDefault("2000")
        int burst();
    }
}
