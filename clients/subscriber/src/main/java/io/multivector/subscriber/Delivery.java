package io.multivector.subscriber;

import io.multivector.events.Event;

/** A record the subscriber read: an event, or a value that is not one (handled too, so the subscriber moves on). */
public sealed interface Delivery {

    String topic();

    int partition();

    long offset();

    /** The record key: the stream. */
    String stream();

    /**
     * A record decoded into the catalogue's event.
     *
     * @param traceparent the W3C trace context of the request that stored it, when it came with one (else null)
     */
    record ReceivedEvent(String topic, int partition, long offset, String stream, String traceparent, Event event)
            implements Delivery {
    }

    /** A record whose value is no event of the catalogue this subscriber knows, e.g. a newer version of a type. */
    record UnreadableRecord(String topic, int partition, long offset, String stream, String reason) implements Delivery {
    }
}
