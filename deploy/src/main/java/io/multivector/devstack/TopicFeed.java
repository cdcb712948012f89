package io.multivector.devstack;

import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.asyncapi.AsyncApiDocument;
import io.multivector.events.catalogue.CatalogueRules;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/** For tests of readers: puts events on the topics as the relay would, stored CloudEvents keyed by stream. */
public final class TopicFeed implements AutoCloseable {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private final KafkaProducer<String, byte[]> producer;
    private final EventCodec codec = EventCodec.bundled();
    private final java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();

    public TopicFeed(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, KafkaClusterSettings.singleNode().maxRecordBytes()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes an event given as JSON (id optional); returns its id. */
    public UUID publish(String json) {
        return publish(json, null, null);
    }

    /** For types whose stream and topic come from an earlier event (termination, retraction). */
    public UUID publish(String json, String topic, String stream) {
        return publish(json, topic, stream, Instant.now());
    }

    /** As the store would have published it had it recorded the event at {@code recorded}: for answers as known at a time. */
    public UUID publish(String json, String topic, String stream, Instant recorded) {
        Event e = codec.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        UUID id = e.id() != null ? e.id() : UUID.randomUUID();
        String subject = stream != null ? stream : CatalogueRules.streamOf(e.data()).orElseThrow();
        // numbered and sent under one lock, so each partition gets its sequences in order, as the relay sends them
        synchronized (SEQUENCE) {
            Event stored = e.stored(id, subject, recorded, SEQUENCE.incrementAndGet(), 1);
            send(topic != null ? topic : e.type().topic().orElseThrow().topicName(), subject, codec.encode(stored));
        }
        return id;
    }

    /**
     * A stored event as the relay publishes it: keyed by its stream (its subject), with the relay's headers
     * ({@code content-type}, {@code mv-sequence}, and {@code traceparent} when the request that stored it had one).
     */
    public void publishStored(String topic, Event stored, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(AsyncApiDocument.CONTENT_TYPE_HEADER, Event.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        headers.add(AsyncApiDocument.SEQUENCE_HEADER, stored.sequence().toString().getBytes(StandardCharsets.UTF_8));
        if (traceparent != null) {
            headers.add(AsyncApiDocument.TRACEPARENT_HEADER, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        try {
            producer.send(new ProducerRecord<>(topic, null, stored.subject(), codec.encode(stored), headers)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes the same stored event again, as a redelivery would. */
    public void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For bulk loads: sends without waiting; {@link #flush()} waits for all of them. */
    public void sendLater(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), (meta, failure) -> {
            if (failure != null) {
                failed.compareAndSet(null, failure);
            }
        });
    }

    /** Waits until every record sent so far is acknowledged; fails if any was not. */
    public void flush() {
        producer.flush();
        Exception f = failed.getAndSet(null);
        if (f != null) {
            throw new IllegalStateException("a record was not acknowledged", f);
        }
    }

    /**
     * A stored event numbered after every one this JVM's feeds published so far, to be sent ({@link #send}) before the
     * next is published: projections take a record at or below the last sequence applied from its partition for a copy.
     */
    public byte[] encodeStored(String json) {
        return encodeStored(json, SEQUENCE.incrementAndGet());
    }

    /** A stored event with a sequence the caller took from the store ({@code store_position}), as the relay would publish it. */
    public byte[] encodeStored(String json, long sequence) {
        Event e = codec.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return codec.encode(e.stored(e.id() != null ? e.id() : UUID.randomUUID(), CatalogueRules.streamOf(e.data()).orElseThrow(),
                Instant.now(), sequence, 1));
    }

    @Override
    public void close() {
        producer.close();
    }
}
