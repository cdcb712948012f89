package io.multivector.subscriber;

import io.multivector.events.EventCodec;
import io.multivector.events.InvalidEventException;
import io.multivector.events.asyncapi.AsyncApiDocument;
import io.multivector.subscriber.Delivery.ReceivedEvent;
import io.multivector.subscriber.Delivery.UnreadableRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the topics in a consumer group and hands every record to a handler, decoded.
 *
 * <p>Order: the relay keys each record by its stream, so a stream's records are on one partition, and this subscriber
 * handles a partition's records one after another on one thread: each stream's events come in the store's order.
 * Offsets are committed after the records of a poll are handled, never before (no auto-commit): a subscriber that
 * stops resumes after the last committed record, and a handler that throws stops it before that poll is committed,
 * so those records come again (at least once: make handling idempotent, e.g. by the event's {@code id}).
 */
public final class EventSubscriber implements Runnable, AutoCloseable {

    private final SubscriberSettings settings;
    private final Consumer<Delivery> handler;
    private final EventCodec codec = EventCodec.bundled();
    private volatile boolean stopping;

    public EventSubscriber(SubscriberSettings settings, Consumer<Delivery> handler) {
        this.settings = settings;
        this.handler = handler;
    }

    /** Reads until {@link #close()}; run it on a thread of its own. */
    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, settings.groupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // a new group reads each topic's whole history
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(settings.topics());
            while (!stopping) {
                var records = consumer.poll(settings.pollTimeout());
                records.forEach(r -> handler.accept(delivery(r)));
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        }
    }

    /** Stops after the poll in progress is handled and committed (within the poll timeout). */
    @Override
    public void close() {
        stopping = true;
    }

    private Delivery delivery(ConsumerRecord<String, byte[]> r) {
        try {
            Header traceparent = r.headers().lastHeader(AsyncApiDocument.TRACEPARENT_HEADER);
            return new ReceivedEvent(r.topic(), r.partition(), r.offset(), r.key(),
                    traceparent == null ? null : new String(traceparent.value(), StandardCharsets.UTF_8), codec.decode(r.value()));
        } catch (InvalidEventException e) {
            return new UnreadableRecord(r.topic(), r.partition(), r.offset(), r.key(), e.getMessage());
        }
    }
}
