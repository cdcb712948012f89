package io.multivector.events;

import io.multivector.events.catalogue.EventData;
import io.multivector.events.catalogue.EventType;

import java.time.Instant;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event of the catalogue. Before it is stored, {@code id} and {@code subject}
 * may be absent (the store assigns them) and {@code time}, {@code sequence} and
 * {@code streamVersion} are always absent; a stored event has all of them.
 *
 * @param subject       the stream: the sorted actor pair joined by {@code ~}, or a single actor
 * @param time          when the event was recorded (not when it happened: that is {@code data.occurredOn})
 * @param sequence      global position in the store, gap-free in publication order
 * @param streamVersion position within the stream, from 1
 */
public record Event(UUID id, String source, EventType type, String subject, Instant time,
                    Long sequence, Long streamVersion, EventData data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String DEFAULT_SOURCE = "/api";
    public static final String CONTENT_TYPE = "application/cloudevents+json";
    public static final String DATA_CONTENT_TYPE = "application/json";

    /** This event as the store records it. */
    public Event stored(UUID id, String subject, Instant time, long sequence, long streamVersion) {
        return new Event(id, source, type, subject, time, sequence, streamVersion, data);
    }
}
