package io.multivector.projection.runtime;

import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Consumes a projection's topics into one generation of its read model, one transaction per batch.
 * The live worker is a member of the projection's consumer group and follows the serving
 * generation; a rebuild worker reads every partition from the start into a new generation and
 * stops once it has caught up.
 */
final class ProjectionWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(ProjectionWorker.class);

    /** What a worker reports, for the admin API. */
    enum Mode { LIVE, REBUILD }

    private final Projection projection;
    private final ProjectionRuntime runtime;
    private final AgroalDataSource dataSource;
    private final BatchApplier applier;
    private final BatchSpans spans;
    private final KafkaProducer<String, byte[]> deadLetterProducer;
    private final Mode mode;
    /** Which of the rebuild's shares of the partitions this worker reads ({@link RebuildRun#share}). */
    private final int share;
    private final int shares;
    private final Duration pollTimeout;
    private final Duration retryBackoff;
    private final Map<String, Object> consumerConfig;
    private volatile String schema;
    private volatile boolean caughtUp;
    private volatile boolean stopped;
    private boolean needsRewind;
    private long lastServingCheck;
    private KafkaConsumer<String, byte[]> consumer;
    /** The partitions this worker holds, as of its last poll (instances of a group split them). */
    private volatile java.util.Set<TopicPartition> assigned = java.util.Set.of();

    ProjectionWorker(Projection projection, ProjectionRuntime runtime, AgroalDataSource dataSource, BatchApplier applier,
                     BatchSpans spans, KafkaProducer<String, byte[]> deadLetterProducer, Mode mode, String schema, int share,
                     int shares, Map<String, Object> consumerConfig, Duration pollTimeout, Duration retryBackoff) {
        this.projection = projection;
        this.runtime = runtime;
        this.dataSource = dataSource;
        this.applier = applier;
        this.spans = spans;
        this.deadLetterProducer = deadLetterProducer;
        this.mode = mode;
        this.share = share;
        this.shares = shares;
        this.schema = schema;
        this.consumerConfig = consumerConfig;
        this.pollTimeout = pollTimeout;
        this.retryBackoff = retryBackoff;
    }

    String schema() {
        return schema;
    }

    boolean caughtUp() {
        return caughtUp;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig)) {
            consumer = c;
            List<TopicPartition> all = mode == Mode.REBUILD ? RebuildRun.share(partitions(), share, shares) : List.of();
            if (mode == Mode.REBUILD && all.isEmpty()) {
                caughtUp = true; // nothing of this worker's share: the others read everything
                runtime.rebuildCaughtUp(projection, this);
                return;
            }
            if (mode == Mode.LIVE) {
                c.subscribe(projection.topics().stream().map(t -> t.topicName()).toList(), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        try {
                            seekToStored(partitions);
                        } catch (RuntimeException e) {
                            holdUntilRewound(partitions);
                        }
                    }
                });
            } else {
                c.assign(all);
                holdUntilRewound(all);
            }
            while (!stopped && !Thread.currentThread().isInterrupted()) {
                if (needsRewind && !rewind()) {
                    c.poll(Duration.ZERO); // stays in the group while the database is away
                    sleep(retryBackoff);
                    continue;
                }
                ConsumerRecords<String, byte[]> records = c.poll(pollTimeout);
                assigned = java.util.Set.copyOf(c.assignment());
                if (mode == Mode.LIVE && followServing()) {
                    continue; // a rebuild switched generations: resume from the new one's offsets
                }
                if (!records.isEmpty() && !apply(records)) {
                    holdUntilRewound(c.assignment());
                    sleep(retryBackoff);
                    continue;
                }
                if (mode == Mode.REBUILD && records.isEmpty() && atEnd(all)) {
                    caughtUp = true;
                    runtime.rebuildCaughtUp(projection, this);
                    return;
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "projection %s (%s) stopped", projection.name(), mode);
            runtime.workerFailed(projection, this, e);
        }
    }

    /**
     * Nothing more is consumed from these partitions until they are sought back to the offsets
     * stored with the read model: a failed batch is retried, never skipped.
     */
    private void holdUntilRewound(Collection<TopicPartition> partitions) {
        consumer.pause(partitions);
        needsRewind = true;
    }

    private boolean rewind() {
        try {
            seekToStored(consumer.assignment());
            consumer.resume(consumer.paused());
            needsRewind = false;
            return true;
        } catch (RuntimeException e) {
            LOG.debugf("rewind of %s failed, will retry: %s", projection.name(), e);
            return false;
        }
    }

    java.util.Set<TopicPartition> assigned() {
        return assigned;
    }

    private List<TopicPartition> partitions() {
        List<TopicPartition> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> probe = new KafkaConsumer<>(consumerConfig)) {
            for (var topic : projection.topics()) {
                for (PartitionInfo p : probe.partitionsFor(topic.topicName(), Duration.ofSeconds(30))) {
                    all.add(new TopicPartition(p.topic(), p.partition()));
                }
            }
        }
        return all;
    }

    /** Applies one batch in one transaction, with its offsets; false if it failed and must be retried. */
    private boolean apply(ConsumerRecords<String, byte[]> records) {
        Span span = spans.start(records);
        List<Incoming> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> r : records) {
            batch.add(Incoming.of(r));
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // A read model is derived: rows and offsets commit together, so a commit lost in a database crash
                // only rewinds both, and the batch is consumed again. No need to wait for the WAL flush.
                try (var st = c.createStatement()) {
                    st.execute("set local synchronous_commit to off");
                }
                if (mode == Mode.LIVE) {
                    Optional<String> serving = Generations.serving(c, projection.name(), true);
                    if (serving.isEmpty() || !serving.get().equals(schema)) {
                        c.rollback();
                        return true; // switched under us; followServing() rewinds on the next poll
                    }
                }
                BatchApplier.Applied applied = applier.apply(c, schema, batch, true, mode == Mode.LIVE);
                DeadLetters.park(c, deadLetterProducer, projection.name(), applied.dead());
                runtime.commit(c, schema, applied);
                runtime.applied(projection, batch.size(), applied.dead().size());
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.toString());
            LOG.warnf("projection %s could not apply a batch of %d (%s); retrying from the stored offsets",
                    projection.name(), batch.size(), e.toString());
            runtime.batchFailed(projection, e);
            return false;
        } finally {
            span.end();
        }
    }

    /** Live worker only: true if the serving generation changed, after seeking to the new one's offsets. */
    private boolean followServing() {
        long now = System.nanoTime();
        if (now - lastServingCheck > 1_000_000_000L) {
            lastServingCheck = now;
            runtime.refreshServing(projection.name());
        }
        String serving = runtime.servingSchema(projection.name());
        if (serving.equals(schema)) {
            return false;
        }
        schema = serving;
        seekToStored(consumer.assignment());
        return true;
    }

    private void seekToStored(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> stored = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select topic, partition, next_offset from %s.consumer_offsets".formatted(schema));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                stored.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stored offsets of " + schema, e);
        }
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Long next = stored.get(tp);
            if (next == null) {
                fromStart.add(tp);
            } else {
                consumer.seek(tp, next);
            }
        }
        if (!fromStart.isEmpty()) {
            consumer.seekToBeginning(fromStart);
        }
    }

    private boolean atEnd(List<TopicPartition> all) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(all);
        return all.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
