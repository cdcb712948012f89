package io.multivector.gateway.stream.service;

import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.Topic;
import io.multivector.events.catalogue.CatalogueRules;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
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
 * ends and broadcasts each record to every open stream. A subscriber sees what is published after
 * it connected; the history is at {@code /api/v1/events}.
 */
@ApplicationScoped
public class LiveFeed {

    private static final Logger LOG = Logger.getLogger(LiveFeed.class);

    /** An event as streamed: its id, type and actors (for filters) and the CloudEvent as published. */
    public record LiveEvent(String id, String type, List<String> actors, String json) {
    }

    private final BroadcastProcessor<LiveEvent> broadcast = BroadcastProcessor.create();
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

    public Multi<LiveEvent> events() {
        return broadcast;
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
                    broadcast.onNext(toLive(r));
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

    private LiveEvent toLive(ConsumerRecord<String, byte[]> r) {
        String value = new String(r.value(), StandardCharsets.UTF_8);
        try {
            Event e = codec.decode(r.value());
            return new LiveEvent(String.valueOf(e.id()), e.type().typeName(), CatalogueRules.actorsOf(e.data()), value);
        } catch (RuntimeException undecodable) {
            // a subscriber of the stream sees what subscribers of the topic see, even a record the projections park
            return new LiveEvent(null, "unknown", List.of(), value);
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
