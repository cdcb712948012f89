package io.multivector.gateway.stream.service;

import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.Topic;
import io.multivector.events.catalogue.CatalogueRules;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Events as they are published: one consumer without a group reads the four topics from their
 * ends and hands each record to every open stream's own bounded buffer.
 */
@ApplicationScoped
public class LiveFeed {

    private static final Logger LOG = Logger.getLogger(LiveFeed.class);

    /** An event as streamed: its store sequence (the SSE id), type and actors (for filters) and the CloudEvent. */
    public record LiveEvent(Long sequence, String type, List<String> actors, String json) {
    }

    /**
     * One client's bounded buffer. The reader only offers to it, never waits: a client that falls
     * more than its capacity behind is marked overflowed and cut off (it resumes with Last-Event-ID),
     * and no other client notices.
     */
    public final class Subscription implements AutoCloseable {
        private final java.util.concurrent.ArrayBlockingQueue<LiveEvent> queue;
        private volatile boolean overflowed;

        Subscription(int capacity) {
            queue = new java.util.concurrent.ArrayBlockingQueue<>(capacity);
        }

        void offer(LiveEvent e) {
            if (!queue.offer(e)) {
                overflowed = true;
            }
        }

        public boolean overflowed() {
            return overflowed;
        }

        /** The next event, or null after {@code wait} without one. */
        public LiveEvent poll(Duration wait) throws InterruptedException {
            return queue.poll(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }

    private final java.util.Set<Subscription> subscriptions = new java.util.concurrent.CopyOnWriteArraySet<>();
    private final String bootstrap;
    private final EventCodec codec;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread reader;

    public LiveFeed(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, EventCodec codec) {
        this.bootstrap = bootstrap;
        this.codec = codec;
    }

    void start(@Observes StartupEvent ignored) {
        reader = Thread.ofPlatform().daemon().name("live-feed").start(this::read);
    }

    /** Events published from now on, into a buffer of {@code capacity}. */
    public Subscription subscribe(int capacity) {
        Subscription s = new Subscription(capacity);
        subscriptions.add(s);
        return s;
    }

    /** Whether the feed reads the topics yet (tests wait for it before publishing). */
    public boolean ready() {
        return assigned.getCount() == 0;
    }

    private void read() {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "gateway-live-feed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty()) {
                for (String topic : Topic.allNames()) {
                    consumer.partitionsFor(topic, Duration.ofSeconds(30))
                            .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end offsets now, not at the first poll
            assigned.countDown();
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (subscriptions.isEmpty()) {
                        continue; // decoding is most of this thread's work; nobody would see the result
                    }
                    LiveEvent e = toLive(r.value());
                    subscriptions.forEach(s -> s.offer(e));
                }
            }
        } catch (WakeupException stopping) {
            // shutdown
        } catch (RuntimeException e) {
            LOG.error("live feed stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** A published record (or a stored event being replayed) as the stream sends it. */
    public LiveEvent toLive(byte[] value) {
        String json = new String(value, StandardCharsets.UTF_8);
        try {
            Event e = codec.decodeStored(value);
            return new LiveEvent(e.sequence(), e.type().typeName(), CatalogueRules.actorsOf(e.data()), json);
        } catch (RuntimeException undecodable) {
            // a subscriber of the stream sees what subscribers of the topic see, even a record the projections park
            return new LiveEvent(null, "unknown", List.of(), json);
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    /** Filters of a subscription; empty sets match everything. */
    public static boolean matches(LiveEvent e, Set<String> actors, Set<String> types) {
        return (types.isEmpty() || types.contains(e.type()))
                && (actors.isEmpty() || e.actors().stream().anyMatch(actors::contains));
    }
}
