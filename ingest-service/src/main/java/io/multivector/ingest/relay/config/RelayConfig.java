package io.multivector.ingest.relay.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the relay publishes the store to Kafka. */
@ConfigMapping(prefix = "multivector.relay")
public interface RelayConfig {

    /** Off only for tools that want the store alone. */
    @WithDefault("true")
    boolean enabled();

    /** Events read from the store and sent per round. */
    @WithDefault("5000")
    int batchSize();

    /** Longest wait for new events when no append signals (appends on another instance). */
    @WithDefault("200ms")
    Duration pollInterval();

    /** First wait after a failure; doubles up to {@link #maxBackoff()}. */
    @WithDefault("500ms")
    Duration backoff();

    @WithDefault("5s")
    Duration maxBackoff();
}
