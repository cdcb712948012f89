package io.multivector.ingest.store.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the append API and of the writer. */
@ConfigMapping(prefix = "multivector.store")
public interface StoreConfig {

    /** Largest single event body, in bytes. */
    @WithDefault("1048576")
    int maxEventBytes();

    /** Largest NDJSON batch body, in bytes. */
    @WithDefault("33554432")
    int maxBatchBytes();

    /** Most lines in one NDJSON batch. */
    @WithDefault("10000")
    int maxBatchLines();

    /** Most events the writer puts in one transaction when it groups concurrent appends. */
    @WithDefault("20000")
    int maxEventsPerTransaction();

    /** Largest page of a listing. */
    @WithDefault("500")
    int maxPageSize();
}
