package io.multivector.ingest.relay.service;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.multivector.events.Event;
import io.multivector.events.Topic;
import io.multivector.ingest.relay.config.RelayConfig;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes the store to Kafka in sequence order, keyed by stream, and records how far it got.
 * One instance leads (a PostgreSQL advisory lock); the others wait. After any failure it rebuilds
 * its producer, reads what Kafka already has, and resends only the rest.
 */
@ApplicationScoped
public class EventRelay {

    private static final Logger LOG = Logger.getLogger(EventRelay.class);
    private static final long LEADER_LOCK = 0x6d76_7265_6c61_79L; // "mvrelay"
    private static final String CURSOR = "kafka";

    public enum State { STARTING, STANDBY, PUBLISHING, RETRYING, STOPPED }

    private final AgroalDataSource dataSource;
    private final RelaySignal signal;
    private final RelayConfig config;
    private final String bootstrapServers;
    private final Counter published;
    private final AtomicLong publishedThrough = new AtomicLong();
    private final AtomicLong storedThrough = new AtomicLong();
    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile Thread thread;

    public EventRelay(AgroalDataSource dataSource, RelaySignal signal, RelayConfig config,
                      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.signal = signal;
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
        return Math.max(0, storedThrough.get() - publishedThrough.get());
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
                if (!tryLead(leaderLock)) {
                    state.set(State.STANDBY);
                    signal.await(2_000);
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

    private static boolean tryLead(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?)")) {
            ps.setLong(1, LEADER_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private void publishWhileLeading() throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            PublishedTails tails = PublishedTails.read(bootstrapServers, Topic.allNames(), Duration.ofSeconds(15));
            long cursor = readCursor();
            publishedThrough.set(cursor);
            Map<String, Integer> partitions = new HashMap<>();
            state.set(State.PUBLISHING);
            lastError.set(null);
            long written = cursor;
            long writtenAt = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                List<Row> rows = fetch(cursor);
                if (rows.isEmpty()) {
                    if (written != cursor) {
                        writeCursor(cursor);
                        written = cursor;
                        writtenAt = System.nanoTime();
                    }
                    signal.await(config.pollInterval().toMillis());
                    continue;
                }
                List<Future<RecordMetadata>> sends = new ArrayList<>(rows.size());
                for (Row row : rows) {
                    int partition = Utils.toPositive(Utils.murmur2(row.stream().getBytes(StandardCharsets.UTF_8)))
                            % partitions.computeIfAbsent(row.topic(), t -> producer.partitionsFor(t).size());
                    if (tails.published(row.topic(), partition, row.sequence())) {
                        continue;
                    }
                    RecordHeaders headers = new RecordHeaders();
                    headers.add("content-type", Event.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                    headers.add(PublishedTails.SEQUENCE_HEADER, Long.toString(row.sequence()).getBytes(StandardCharsets.UTF_8));
                    if (row.requestId() != null) {
                        headers.add(REQUEST_ID_HEADER, row.requestId().getBytes(StandardCharsets.UTF_8));
                    }
                    if (row.traceparent() != null) {
                        headers.add("traceparent", row.traceparent().getBytes(StandardCharsets.UTF_8));
                    }
                    sends.add(producer.send(new ProducerRecord<>(row.topic(), partition, row.stream(),
                            row.envelope().getBytes(StandardCharsets.UTF_8), headers)));
                }
                producer.flush();
                for (Future<RecordMetadata> f : sends) {
                    f.get(); // throws if any send failed: nothing past it is recorded as published
                }
                cursor = rows.getLast().sequence();
                // The cursor only shortens the scan after a restart (the topics' tails say exactly what is
                // published), so it is written once a second under load, not with a commit per batch.
                if (System.nanoTime() - writtenAt >= 1_000_000_000L) {
                    writeCursor(cursor);
                    written = cursor;
                    writtenAt = System.nanoTime();
                }
                publishedThrough.set(cursor);
                storedThrough.accumulateAndGet(cursor, Math::max);
                published.increment(sends.size());
            }
        }
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

    /** The request that stored the event, for tracing a record back to its call. */
    public static final String REQUEST_ID_HEADER = "mv-request-id";

    private record Row(long sequence, String stream, String topic, String envelope, String requestId, String traceparent) {
    }

    private List<Row> fetch(long after) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select sequence, stream, topic, envelope, request_id, traceparent from event_store"
                     + " where sequence > ? order by sequence limit ?")) {
            ps.setLong(1, after);
            ps.setInt(2, config.batchSize());
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
            if (rows.isEmpty()) { // caught up: the store's end, for the lag figure (a batch read moves it otherwise)
                try (PreparedStatement last = c.prepareStatement("select last_sequence from store_position where id = 1");
                     ResultSet rs = last.executeQuery()) {
                    rs.next();
                    storedThrough.set(rs.getLong(1));
                }
            }
            return rows;
        }
    }

    private long readCursor() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select published_through from relay_cursor where name = ?")) {
            ps.setString(1, CURSOR);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private void writeCursor(long sequence) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into relay_cursor (name, published_through, updated_at)"
                     + " values (?, ?, now()) on conflict (name) do update set published_through = excluded.published_through,"
                     + " updated_at = excluded.updated_at")) {
            ps.setString(1, CURSOR);
            ps.setLong(2, sequence);
            ps.executeUpdate();
        }
    }
}
