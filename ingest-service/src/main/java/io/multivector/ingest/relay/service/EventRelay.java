package io.multivector.ingest.relay.service;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.multivector.events.Event;
import io.multivector.events.Topic;
import io.multivector.events.asyncapi.AsyncApiDocument;
import io.multivector.ingest.relay.config.RelayConfig;
import io.multivector.ingest.relay.repository.RelayRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes the store to Kafka in sequence order, keyed by stream, and records how far it got.
 * One instance leads (a PostgreSQL advisory lock); the others wait. Rows its own writer committed
 * come in memory; the rest are read from the table. Sends are pipelined: a round is handed to the
 * producer while earlier rounds are still being acknowledged, and the position moves only over
 * rounds acknowledged whole. After any failure it rebuilds its producer, reads what Kafka already
 * has, and resends only the rest.
 */
@ApplicationScoped
public class EventRelay {

    private static final Logger LOG = Logger.getLogger(EventRelay.class);
    private static final String CURSOR = "kafka";
    /** Rounds handed to the producer and not yet acknowledged whole; beyond it the relay waits for the oldest. */
    private static final int ROUNDS_IN_FLIGHT = 4;

    public enum State { STARTING, STANDBY, PUBLISHING, RETRYING, STOPPED }

    private final AgroalDataSource dataSource;
    private final RelayRepository repository;
    private final CommittedRows committed;
    private final RelayConfig config;
    private final String bootstrapServers;
    private final Counter published;
    private final AtomicLong publishedThrough = new AtomicLong();
    private final AtomicLong storedThrough = new AtomicLong();
    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile Thread thread;

    /** One round of sends: the last sequence in it and the producer's futures. */
    private record Round(long last, List<Future<RecordMetadata>> sends) {
        boolean acknowledged() {
            return sends.stream().allMatch(Future::isDone);
        }
    }

    public EventRelay(AgroalDataSource dataSource, RelayRepository repository, CommittedRows committed, RelayConfig config,
                      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.repository = repository;
        this.committed = committed;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.published = Counter.builder("multivector.events.published").description("events published to Kafka").register(registry);
        Gauge.builder("multivector.relay.lag", this, EventRelay::lag).description("stored events not yet published").register(registry);
    }

    void start(@Observes StartupEvent ev) {
        if (config.enabled()) {
            thread = Thread.ofPlatform().name("event-relay").daemon().start(this::run);
        } else {
            state.set(State.STOPPED);
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        if (thread != null) {
            thread.interrupt();
        }
    }

    public State state() {
        return state.get();
    }

    public long lag() {
        return Math.max(0, Math.max(storedThrough.get(), committed.lastHandedOff()) - publishedThrough.get());
    }

    public long publishedThrough() {
        return publishedThrough.get();
    }

    public String lastError() {
        return lastError.get();
    }

    private void run() {
        Duration backoff = config.backoff();
        while (!Thread.currentThread().isInterrupted()) {
            try (Connection leaderLock = dataSource.getConnection()) {
                if (!repository.tryLead(leaderLock)) {
                    state.set(State.STANDBY);
                    committed.await(2_000);
                    continue;
                }
                publishWhileLeading();
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                state.set(State.RETRYING);
                lastError.set(e.toString());
                LOG.warnf("relay paused (%s); retrying in %d ms", e.toString(), backoff.toMillis());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : backoff.multipliedBy(2);
                continue;
            }
            backoff = config.backoff();
        }
        state.set(State.STOPPED);
    }

    private void publishWhileLeading() throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            PublishedTails tails = PublishedTails.read(bootstrapServers, Topic.allNames(), Duration.ofSeconds(15));
            long start = withConnection(c -> repository.readCursor(c, CURSOR));
            publishedThrough.set(start);
            RelayCursor cursor = new RelayCursor(start);
            Map<String, Integer> partitions = new HashMap<>();
            state.set(State.PUBLISHING);
            lastError.set(null);
            Deque<Round> inFlight = new ArrayDeque<>();
            AtomicReference<Exception> failed = new AtomicReference<>();
            long sent = start; // handed to the producer; publishedThrough trails it by the rounds in flight
            boolean readTable = true; // after a start, a failure or a quiet wait: other instances' rows are only there
            while (!Thread.currentThread().isInterrupted()) {
                List<RelayRow> rows = committed.after(sent, config.batchSize());
                if (rows.isEmpty() && (readTable || committed.gapAfter(sent))) {
                    long from = sent;
                    rows = withConnection(c -> repository.after(c, from, config.batchSize()));
                    if (rows.isEmpty()) {
                        storedThrough.set(withConnection(repository::lastSequence));
                    }
                }
                if (rows.isEmpty()) {
                    while (!inFlight.isEmpty()) {
                        settle(inFlight.removeFirst());
                    }
                    cursor.writeIfDue();
                    readTable = !committed.await(config.pollInterval().toMillis());
                    continue;
                }
                readTable = false;
                inFlight.addLast(send(producer, tails, partitions, rows, failed));
                sent = rows.getLast().sequence();
                storedThrough.accumulateAndGet(sent, Math::max);
                while (!inFlight.isEmpty() && (inFlight.size() > ROUNDS_IN_FLIGHT || inFlight.peekFirst().acknowledged())) {
                    settle(inFlight.removeFirst());
                }
                cursor.writeIfDue();
            }
        }
    }

    /** Hands a round to the producer, unless an earlier send failed: then nothing more goes before the restart. */
    private Round send(KafkaProducer<String, byte[]> producer, PublishedTails tails, Map<String, Integer> partitions,
                       List<RelayRow> rows, AtomicReference<Exception> failed) throws Exception {
        if (failed.get() != null) {
            throw failed.get();
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>(rows.size());
        for (RelayRow row : rows) {
            int partition = Utils.toPositive(Utils.murmur2(row.stream().getBytes(StandardCharsets.UTF_8)))
                    % partitions.computeIfAbsent(row.topic(), t -> producer.partitionsFor(t).size());
            if (tails.published(row.topic(), partition, row.sequence())) {
                continue;
            }
            RecordHeaders headers = new RecordHeaders();
            headers.add(AsyncApiDocument.CONTENT_TYPE_HEADER, Event.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            headers.add(AsyncApiDocument.SEQUENCE_HEADER, Long.toString(row.sequence()).getBytes(StandardCharsets.UTF_8));
            if (row.requestId() != null) {
                headers.add(AsyncApiDocument.REQUEST_ID_HEADER, row.requestId().getBytes(StandardCharsets.UTF_8));
            }
            if (row.traceparent() != null) {
                // Stored at append as OpenTelemetry's W3C propagator wrote it for the request's span, so it goes out as it is.
                headers.add(AsyncApiDocument.TRACEPARENT_HEADER, row.traceparent().getBytes(StandardCharsets.UTF_8));
            }
            sends.add(producer.send(new ProducerRecord<>(row.topic(), partition, row.stream(),
                    row.envelope().getBytes(StandardCharsets.UTF_8), headers), (metadata, e) -> {
                if (e != null) {
                    failed.compareAndSet(null, e);
                }
            }));
        }
        return new Round(rows.getLast().sequence(), sends);
    }

    /** Waits for a round's acknowledgements; throws if any send failed, so nothing past it counts as published. */
    private void settle(Round round) throws ExecutionException, InterruptedException {
        for (Future<RecordMetadata> f : round.sends()) {
            f.get();
        }
        publishedThrough.set(round.last());
        published.increment(round.sends().size());
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "multivector-relay");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * The stored position. It only shortens the scan after a restart (the topics' tails say exactly what is
     * published), so it is written at most once a second, busy or idle (an idle relay still wakes every poll
     * interval, so it lands within a second of the last round): under single events the relay goes idle after
     * each, and a write each time was a second durable commit per event.
     */
    private final class RelayCursor {
        private long written;
        private long writtenAt = System.nanoTime();

        RelayCursor(long stored) {
            this.written = stored;
        }

        void write() throws SQLException {
            long through = publishedThrough.get();
            if (through != written) {
                withConnection(c -> {
                    repository.writeCursor(c, CURSOR, through);
                    return null;
                });
                written = through;
                writtenAt = System.nanoTime();
            }
        }

        void writeIfDue() throws SQLException {
            if (System.nanoTime() - writtenAt >= 1_000_000_000L) {
                write();
            }
        }
    }

    private interface WithConnection<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T withConnection(WithConnection<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
        }
    }
}
