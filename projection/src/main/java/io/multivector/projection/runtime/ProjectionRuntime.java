package io.multivector.projection.runtime;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.multivector.events.EventCodec;
import io.multivector.platform.problem.Problem;
import io.multivector.platform.problem.ProblemException;
import io.multivector.projection.config.ProjectionConfig;
import io.multivector.projection.readmodel.ModelVersions;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs every {@link Projection} bean of the service: one live worker each, a rebuild worker on
 * demand, and the serving generation that queries read.
 */
@ApplicationScoped
public class ProjectionRuntime {

    private static final Logger LOG = Logger.getLogger(ProjectionRuntime.class);

    private final Map<String, Projection> projections = new LinkedHashMap<>();
    private final AgroalDataSource dataSource;
    private final EventCodec codec;
    private final ProjectionConfig config;
    private final String bootstrapServers;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private final ModelVersions versions;
    private final Map<String, String> serving = new ConcurrentHashMap<>();
    private final Map<String, ProjectionWorker> live = new ConcurrentHashMap<>();
    private final Map<String, RebuildRun> rebuilding = new ConcurrentHashMap<>();
    private final Map<String, String> lastError = new ConcurrentHashMap<>();
    private KafkaProducer<String, byte[]> deadLetterProducer;

    public ProjectionRuntime(Instance<Projection> projections, AgroalDataSource dataSource, EventCodec codec,
                             ProjectionConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                             MeterRegistry registry, OpenTelemetry openTelemetry, ModelVersions versions) {
        projections.forEach(p -> this.projections.put(p.name(), p));
        this.tracer = openTelemetry.getTracer("io.multivector.projection");
        this.dataSource = dataSource;
        this.codec = codec;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.registry = registry;
        this.versions = versions;
    }

    /**
     * Commits a transaction that applied a batch into {@code schema}: this instance's read model versions (and so its
     * ETags and cached answers) know the batch as soon as it has committed.
     */
    void commit(Connection c, String schema, BatchApplier.Applied applied) throws SQLException {
        if (applied.version() == 0) {
            c.commit();
            return;
        }
        boolean committed = false;
        versions.committing(schema);
        try {
            c.commit();
            committed = true;
        } finally {
            versions.committed(schema, committed ? applied.version() : 0, applied.reach());
        }
    }

    void start(@Observes StartupEvent ev) throws SQLException {
        for (Projection p : projections.values()) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                serving.put(p.name(), Generations.ensureServing(c, p));
                c.commit();
            }
        }
        if (!config.enabled()) {
            return;
        }
        deadLetterProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // a dead letter is the record as read, whatever its size (topics take up to 8 MiB)
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20),
                new StringSerializer(), new ByteArraySerializer());
        projections.values().forEach(this::startLive);
    }

    void stop(@Observes ShutdownEvent ev) {
        live.values().forEach(ProjectionWorker::stop);
        rebuilding.values().forEach(RebuildRun::stop);
        if (deadLetterProducer != null) {
            deadLetterProducer.close(Duration.ofSeconds(5));
        }
    }

    public Projection projection(String name) {
        Projection p = projections.get(name);
        if (p == null) {
            throw new ProblemException(Problem.of(jakarta.ws.rs.core.Response.Status.NOT_FOUND, "not-found",
                    "no projection '" + name + "' here; this service runs " + projections.keySet()));
        }
        return p;
    }

    public List<Projection> projections() {
        return List.copyOf(projections.values());
    }

    /** The schema queries of this projection read; follows rebuild switches made by any instance. */
    public String servingSchema(String name) {
        return serving.computeIfAbsent(name, n -> {
            try (Connection c = dataSource.getConnection()) {
                return Generations.serving(c, n, false).orElseThrow(() -> new IllegalStateException("no serving generation of " + n));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Re-reads the serving schema of every projection; the live workers call it as they poll. */
    void refreshServing(String name) {
        try (Connection c = dataSource.getConnection()) {
            Generations.serving(c, name, false).ifPresent(s -> serving.put(name, s));
        } catch (SQLException e) {
            LOG.debugf("cannot refresh the serving generation of %s: %s", name, e);
        }
    }

    Optional<String> rebuildSchema(String name) {
        return Optional.ofNullable(rebuilding.get(name)).map(RebuildRun::schema);
    }

    /** The partitions this instance's live worker of the projection consumes now. */
    java.util.Set<org.apache.kafka.common.TopicPartition> consumedHere(String name) {
        ProjectionWorker w = live.get(name);
        return w == null ? java.util.Set.of() : w.assigned();
    }

    Optional<String> lastError(String name) {
        return Optional.ofNullable(lastError.get(name));
    }

    /** Starts building a new generation from the start of the topics beside the serving one. */
    public String rebuild(String name) {
        Projection p = projection(name);
        synchronized (rebuilding) {
            if (rebuilding.containsKey(name)) {
                throw new ProblemException(Problem.of(409, "rebuild-running", "Conflict",
                        "a rebuild of " + name + " into " + rebuilding.get(name).schema() + " is already running"));
            }
            String schema;
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                schema = Generations.schemaName(p, Generations.generation(c, name) + 1);
                Generations.create(c, p, schema, false);
                c.commit();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create a new generation of " + name, e);
            }
            int shares = Math.max(1, config.rebuildWorkers());
            List<ProjectionWorker> workers = new java.util.ArrayList<>();
            for (int share = 0; share < shares; share++) {
                workers.add(worker(p, ProjectionWorker.Mode.REBUILD, schema, null, share, shares));
            }
            rebuilding.put(name, new RebuildRun(schema, workers));
            for (int share = 0; share < shares; share++) {
                Thread.ofPlatform().name(name + "-rebuild-" + share).daemon().start(workers.get(share));
            }
            LOG.infof("rebuilding %s into %s with %d workers", name, schema, shares);
            return schema;
        }
    }

    /** A rebuild worker has read its partitions to their end; the last of them makes the generation the serving one. */
    void rebuildCaughtUp(Projection p, ProjectionWorker w) {
        RebuildRun run = rebuilding.get(p.name());
        if (run == null || !run.has(w) || !run.lastCaughtUp()) {
            return;
        }
        String old;
        double caughtUp = run.seconds();
        double folded;
        try {
            applier(p).foldAll(dataSource, w.schema(), config.rebuildFoldConnections());
            folded = run.seconds();
        } catch (SQLException | RuntimeException e) {
            workerFailed(p, w, e);
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int generation = Integer.parseInt(w.schema().substring(w.schema().lastIndexOf("_g") + 2));
            Generations.addIndexes(c, p, w.schema());
            c.commit();
            old = Generations.switchTo(c, p, w.schema(), generation);
            c.commit();
        } catch (SQLException e) {
            workerFailed(p, w, e);
            return;
        }
        serving.put(p.name(), w.schema());
        rebuilding.remove(p.name());
        // where a rebuild's time went, for whoever waits on one: reading the topics, folding, indexing for reads
        LOG.infof("%s now serves from %s (read in %.1f s, folded in %.1f s, indexed and analysed in %.1f s); dropping %s in %s",
                p.name(), w.schema(), caughtUp, folded - caughtUp, run.seconds() - folded, old, config.dropGrace());
        Thread.ofPlatform().name(p.name() + "-drop-" + old).daemon().start(() -> {
            try {
                Thread.sleep(config.dropGrace().toMillis());
                try (Connection c = dataSource.getConnection()) {
                    Generations.drop(c, old);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                LOG.warnf("could not drop %s: %s", old, e);
            }
        });
    }

    void workerFailed(Projection p, ProjectionWorker w, Exception e) {
        lastError.put(p.name(), e.toString());
        RebuildRun run = rebuilding.get(p.name());
        if (run != null && run.has(w)) {
            rebuilding.remove(p.name());
            run.stop();
            try (Connection c = dataSource.getConnection()) {
                Generations.drop(c, w.schema());
            } catch (SQLException dropFailed) {
                LOG.warnf("could not drop the failed rebuild %s: %s", w.schema(), dropFailed);
            }
        } else if (live.get(p.name()) == w) {
            startLive(p); // the live worker never stays down
        }
    }

    void applied(Projection p, int records, int dead) {
        Counter.builder("multivector.projection.records").tag("projection", p.name()).register(registry).increment(records);
        if (dead > 0) {
            Counter.builder("multivector.projection.dead.letters").tag("projection", p.name()).register(registry).increment(dead);
        }
        lastError.remove(p.name());
        refreshServing(p.name());
    }

    void batchFailed(Projection p, Exception e) {
        lastError.put(p.name(), e.toString());
    }

    BatchApplier applier(Projection p) {
        return new BatchApplier(p, codec);
    }

    AgroalDataSource dataSource() {
        return dataSource;
    }

    Map<String, Object> consumerConfig(String groupId, int maxBatch) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxBatch);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) config.batchLinger().toMillis());
        c.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, config.batchBytes());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        if (groupId != null) {
            c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        return c;
    }

    private void startLive(Projection p) {
        ProjectionWorker w = worker(p, ProjectionWorker.Mode.LIVE, servingSchema(p.name()), "multivector-" + p.name(), 0, 1);
        live.put(p.name(), w);
        Thread.ofPlatform().name(p.name() + "-projector").daemon().start(w);
    }

    private ProjectionWorker worker(Projection p, ProjectionWorker.Mode mode, String schema, String groupId, int share, int shares) {
        return new ProjectionWorker(p, this, dataSource, applier(p), new BatchSpans(tracer, p.name()), deadLetterProducer, mode, schema,
                share, shares,
                consumerConfig(groupId, mode == ProjectionWorker.Mode.REBUILD ? config.rebuildBatch() : config.maxBatch()),
                config.pollTimeout(), config.retryBackoff());
    }

    KafkaProducer<String, byte[]> deadLetterProducer() {
        return deadLetterProducer;
    }
}
