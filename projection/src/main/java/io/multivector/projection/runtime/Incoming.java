package io.multivector.projection.runtime;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record as consumed: where it came from and its bytes. */
record Incoming(String topic, int partition, long offset, String key, byte[] value) {

    static Incoming of(ConsumerRecord<String, byte[]> r) {
        return new Incoming(r.topic(), r.partition(), r.offset(), r.key(), r.value());
    }
}
