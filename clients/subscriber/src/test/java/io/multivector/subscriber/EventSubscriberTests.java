package io.multivector.subscriber;

import io.multivector.devstack.DevInfrastructure;
import io.multivector.devstack.TopicFeed;
import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.Topic;
import io.multivector.events.catalogue.CatalogueRules;
import io.multivector.events.catalogue.VisitMade;
import io.multivector.subscriber.Delivery.ReceivedEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The example subscriber on a real broker, reading records published as the relay publishes them (key, value and
 * headers): decoded, in order per stream, and resuming from its group's committed offsets.
 */
class EventSubscriberTests {

    private static final String DIPLOMACY = Topic.DIPLOMACY.topicName();
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final EventCodec CODEC = EventCodec.bundled();
    private static final ExecutorService THREADS = Executors.newCachedThreadPool();
    private static String bootstrapServers;
    private static TopicFeed feed;

    @BeforeAll
    static void broker() {
        bootstrapServers = DevInfrastructure.forTests().bootstrapServers();
        feed = new TopicFeed(bootstrapServers);
    }

    @AfterAll
    static void close() {
        feed.close();
        THREADS.shutdownNow();
    }

    /** A subscriber on a thread of its own, keeping what it receives. */
    private record Running(EventSubscriber subscriber, Future<?> done, List<Delivery> received) {

        static Running start(String group, Consumer<Delivery> handling) {
            List<Delivery> received = new CopyOnWriteArrayList<>();
            EventSubscriber s = new EventSubscriber(new SubscriberSettings(bootstrapServers, group, Topic.allNames(),
                    SubscriberSettings.DEFAULT_POLL_TIMEOUT), d -> {
                handling.accept(d);
                received.add(d);
            });
            return new Running(s, THREADS.submit(s), received);
        }

        List<ReceivedEvent> events(Set<UUID> ids) {
            return received.stream().filter(d -> d instanceof ReceivedEvent e && ids.contains(e.event().id()))
                    .map(ReceivedEvent.class::cast).toList();
        }

        void stop() throws Exception {
            subscriber.close();
            done.get(30, TimeUnit.SECONDS);
        }
    }

    /** A visit, stored as its stream's {@code version}; published with a trace context as the relay would. */
    private static Event publishVisit(String visitor, String host, long version) {
        Event e = CODEC.decode(("""
                {"type":"visit.made","data":{"occurredOn":"2019-05-%02d","visitor":"Envoy","visitorActor":"%s","host":"%s",\
                "sources":[{"ref":"subscriber test"}]}}""".formatted(version, visitor, host)).getBytes(StandardCharsets.UTF_8));
        Event stored = e.stored(UUID.randomUUID(), CatalogueRules.streamOf(e.data()).orElseThrow(), Instant.now(),
                SEQUENCE.incrementAndGet(), version);
        feed.publishStored(DIPLOMACY, stored, traceparentOf(stored));
        return stored;
    }

    private static String traceparentOf(Event e) {
        return "00-" + e.id().toString().replace("-", "") + "-" + HexFormat.of().toHexDigits(e.sequence()) + "-01";
    }

    private static Set<UUID> ids(List<Event> events) {
        return events.stream().map(Event::id).collect(Collectors.toSet());
    }

    @Test
    void everyEventArrivesDecodedInItsStreamsOrderAndARestartResumesAfterWhatWasCommitted() throws Exception {
        String group = "subscriber-tests-" + UUID.randomUUID();
        List<Event> first = new ArrayList<>();
        for (long v = 1; v <= 5; v++) { // two streams, interleaved
            first.add(publishVisit("AR", "UY", v));
            first.add(publishVisit("PY", "BO", v));
        }
        Running one = Running.start(group, d -> { });
        await().atMost(WITHIN).until(() -> one.events(ids(first)).size() == first.size());
        one.stop();

        List<ReceivedEvent> received = one.events(ids(first));
        for (ReceivedEvent r : received) {
            assertThat(r.topic()).isEqualTo(DIPLOMACY);
            assertThat(r.stream()).isEqualTo(r.event().subject());
            assertThat(r.event().data()).isInstanceOf(VisitMade.class);
            assertThat(r.traceparent()).isEqualTo(traceparentOf(r.event()));
        }
        assertThat(received).extracting(r -> r.event().id()).containsExactlyInAnyOrderElementsOf(ids(first));
        Map<String, List<Long>> versionsByStream = new ConcurrentHashMap<>();
        received.forEach(r -> versionsByStream.computeIfAbsent(r.stream(), s -> new ArrayList<>()).add(r.event().streamVersion()));
        assertThat(versionsByStream).containsOnlyKeys("AR~UY", "BO~PY")
                .allSatisfy((stream, versions) -> assertThat(versions).containsExactly(1L, 2L, 3L, 4L, 5L));

        // One more on each stream. A partition's records come in order, so by the time these arrive any record before
        // them on their partitions that was not committed would have come again.
        List<Event> second = List.of(publishVisit("AR", "UY", 6), publishVisit("PY", "BO", 6));
        Running two = Running.start(group, d -> { });
        await().atMost(WITHIN).until(() -> two.events(ids(second)).size() == second.size());
        two.stop();
        assertThat(two.events(ids(first))).isEmpty();
        assertThat(two.events(ids(second))).extracting(r -> r.event().streamVersion()).containsExactly(6L, 6L);
    }

    @Test
    void aHandlerThatThrowsStopsTheSubscriberBeforeTheCommitSoTheRecordComesAgain() throws Exception {
        String group = "subscriber-tests-" + UUID.randomUUID();
        Event event = publishVisit("CL", "PE", 1);
        Set<UUID> id = Set.of(event.id());

        Running failing = Running.start(group, d -> {
            if (d instanceof ReceivedEvent e && id.contains(e.event().id())) {
                throw new IllegalStateException("the handler failed");
            }
        });
        await().atMost(WITHIN).until(failing.done()::isDone);
        assertThatThrownBy(() -> failing.done().get()).isInstanceOf(ExecutionException.class).hasRootCauseMessage("the handler failed");
        assertThat(failing.events(id)).isEmpty();

        Running again = Running.start(group, d -> { });
        await().atMost(WITHIN).until(() -> again.events(id).size() == 1);
        again.stop();
        assertThat(again.events(id).getFirst().event().data()).isEqualTo(event.data());
    }
}
