package io.multivector.projection.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How projections consume their topics. */
@ConfigMapping(prefix = "multivector.projection")
public interface ProjectionConfig {

    /** Most records applied in one transaction while serving (small batches: fresh answers soon). */
    @WithDefault("2000")
    int maxBatch();

    /**
     * Most records applied in one transaction by a rebuild, which nobody reads until it has caught up: larger
     * batches fold more events into each running total's row per write.
     */
    @WithDefault("10000")
    int rebuildBatch();

    /**
     * How many workers read a rebuild's topics at once, each its share of the partitions in transactions of its own:
     * while one decodes a batch, another's rows go into the database.
     */
    @WithDefault("2")
    int rebuildWorkers();

    /**
     * How many of a caught-up rebuild's aggregates (one per running total, one for the derived tables) run at once,
     * each on a connection of its own: two keep both cores of a small machine busy.
     */
    @WithDefault("2")
    int rebuildFoldConnections();

    @WithDefault("200ms")
    Duration pollTimeout();

    /**
     * How long the broker may hold a fetch until {@link #batchBytes()} have come: under a stream of single
     * events a batch then carries tens of them, and its fixed cost (a transaction, the totals' upserts, the
     * offsets) is paid once for all; the answer is that much later, well within the freshness target.
     */
    @WithDefault("50ms")
    Duration batchLinger();

    @WithDefault("65536")
    int batchBytes();

    /** Wait after a failed batch (database down) before trying it again. */
    @WithDefault("1s")
    Duration retryBackoff();

    /** How long the previous generation stays after a rebuild switched, for queries still reading it. */
    @WithDefault("10s")
    Duration dropGrace();

    /** Most answers as known at a past time that one instance computes at once (KnownAtReads says why). */
    @WithDefault("4")
    int knownAtReads();

    /** How long an answer as known at a time waits for one of {@link #knownAtReads()} before it is a 503 busy. */
    @WithDefault("2s")
    Duration knownAtWait();

    /**
     * How much JSON the answers kept for the read model's current position may hold (CachedAnswers), in MiB; 0 keeps
     * none. A batch drops those about what it reached (CachedAnswers).
     */
    @WithDefault("32")
    int cachedAnswersMebibytes();

    /** Consumers start on by default; off for tests that drive a projection by hand. */
    @WithDefault("true")
    boolean enabled();
}
