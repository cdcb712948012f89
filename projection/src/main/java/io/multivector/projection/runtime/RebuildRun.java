package io.multivector.projection.runtime;

import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * One rebuild of a projection into a new generation, read by several workers at once, each from its share of the
 * partitions; it has caught up when the last of them has.
 */
final class RebuildRun {

    private final String schema;
    private final List<ProjectionWorker> workers;
    private final AtomicInteger reading;
    private final long started = System.nanoTime();

    RebuildRun(String schema, List<ProjectionWorker> workers) {
        this.schema = schema;
        this.workers = List.copyOf(workers);
        this.reading = new AtomicInteger(workers.size());
    }

    /** Seconds since this rebuild started. */
    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    String schema() {
        return schema;
    }

    List<ProjectionWorker> workers() {
        return workers;
    }

    boolean has(ProjectionWorker w) {
        return workers.contains(w);
    }

    /** True for the worker whose share was the last to be read to its end. */
    boolean lastCaughtUp() {
        return reading.decrementAndGet() == 0;
    }

    void stop() {
        workers.forEach(ProjectionWorker::stop);
    }

    /**
     * Worker {@code share} of {@code shares}: the partitions of every topic whose number is {@code share} modulo
     * {@code shares}. A stream's events go to the same partition number on every topic (the relay hashes the stream
     * over topics of equal size), so a retraction and what it retracts, which share a stream, are read by one worker
     * in order, as a single worker reads them. Topics of unequal size are read whole by the first worker.
     */
    static List<TopicPartition> share(List<TopicPartition> all, int share, int shares) {
        Map<String, Long> sizes = all.stream().collect(Collectors.groupingBy(TopicPartition::topic, Collectors.counting()));
        if (sizes.values().stream().distinct().count() > 1) {
            return share == 0 ? all : List.of();
        }
        return all.stream().filter(tp -> tp.partition() % shares == share).toList();
    }
}
