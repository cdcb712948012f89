package io.multivector.drills;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.multivector.events.catalogue.CatalogueRules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * A client posting visits between two actors through the gateway, from a few threads at once, each
 * event tried once while the drill breaks something: it keeps what every answer said about its event.
 * <ul>
 *   <li>acknowledged: 201 or 200, so the event must be stored;</li>
 *   <li>refused: a 503 saying nothing was stored ({@code store-unavailable}, {@code busy}), so it must not be;</li>
 *   <li>unknown: anything else (a broken connection, a gateway that lost its backend, a commit whose answer was
 *   lost): the client cannot tell, and retries with the same id ({@link #retryUntilAcknowledged}).</li>
 * </ul>
 */
final class AcknowledgedWrites implements AutoCloseable {

    /** Problem types that promise the event was not stored. */
    static final Set<String> NOT_STORED = Set.of("store-unavailable", "busy");

    private final SystemUnderTest sut;
    private final String visitor;
    private final String host;
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final AtomicInteger counter = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<UUID, String> bodies = new ConcurrentHashMap<>();
    /** Acknowledged ids with the nanoTime of their answer, in answer order. */
    private final ConcurrentLinkedQueue<Map.Entry<UUID, Long>> acknowledged = new ConcurrentLinkedQueue<>();
    /** Ids acknowledged only when retried after the drill. */
    private final ConcurrentLinkedQueue<UUID> acknowledgedOnRetry = new ConcurrentLinkedQueue<>();
    private final Set<UUID> refused = ConcurrentHashMap.newKeySet();
    private final Set<UUID> unknown = ConcurrentHashMap.newKeySet();
    private final ObjectMapper json = new ObjectMapper();

    private AcknowledgedWrites(SystemUnderTest sut, String visitor, String host) {
        this.sut = sut;
        this.visitor = visitor;
        this.host = host;
    }

    /** Starts {@code clients} threads posting visits of {@code visitor} to {@code host}, one after another each. */
    static AcknowledgedWrites start(SystemUnderTest sut, String visitor, String host, int clients) {
        AcknowledgedWrites w = new AcknowledgedWrites(sut, visitor, host);
        for (int i = 0; i < clients; i++) {
            w.threads.add(Thread.ofPlatform().name("drill-client-" + i).start(w::loop));
        }
        return w;
    }

    String visitor() {
        return visitor;
    }

    String host() {
        return host;
    }

    /** The stream (and record key) of the visits. */
    String stream() {
        return CatalogueRules.pair(visitor, host);
    }

    static String visit(UUID id, String visitor, String host, int i) {
        return """
                {"id":"%s","type":"visit.made","data":{"occurredOn":"2020-01-01","visitor":"Envoy %d","visitorActor":"%s",\
                "host":"%s","sources":[{"ref":"drill"}]}}""".formatted(id, i, visitor, host);
    }

    private void loop() {
        while (writing.get()) {
            UUID id = UUID.randomUUID();
            String body = visit(id, visitor, host, counter.incrementAndGet());
            bodies.put(id, body);
            Answer a = post(body);
            switch (a.outcome()) {
                case ACKNOWLEDGED -> acknowledged.add(Map.entry(id, System.nanoTime()));
                case REFUSED -> refused.add(id);
                case UNKNOWN -> unknown.add(id);
            }
            if (a.outcome() != Outcome.ACKNOWLEDGED) {
                // a polite client: waits as the 503 says (Retry-After), or a moment after a broken connection
                java.util.concurrent.locks.LockSupport.parkNanos(a.retryAfter().toNanos());
            }
        }
    }

    enum Outcome { ACKNOWLEDGED, REFUSED, UNKNOWN }

    /** What one POST said, and how long the client waits before its next one when it was not acknowledged. */
    record Answer(Outcome outcome, Duration retryAfter) {
    }

    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(100);

    private Answer post(String body) {
        try {
            HttpResponse<String> r = sut.send(HttpRequest.newBuilder(URI.create(sut.gateway() + "/events"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
            if (r.statusCode() == 201 || r.statusCode() == 200) {
                return new Answer(Outcome.ACKNOWLEDGED, Duration.ZERO);
            }
            if (r.statusCode() < 500) {
                throw new AssertionError("a valid event refused: " + r.statusCode() + " " + r.body());
            }
            Duration wait = r.headers().firstValue("Retry-After").filter(v -> v.matches("[0-9]{1,3}"))
                    .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(PAUSE_AFTER_FAILURE);
            boolean notStored = r.statusCode() == 503 && NOT_STORED.contains(problemType(r.body()));
            return new Answer(notStored ? Outcome.REFUSED : Outcome.UNKNOWN, wait);
        } catch (UncheckedIOException brokenConnection) {
            return new Answer(Outcome.UNKNOWN, PAUSE_AFTER_FAILURE);
        }
    }

    private String problemType(String body) {
        try {
            String type = json.readTree(body).path("type").asText();
            return type.substring(type.lastIndexOf('/') + 1);
        } catch (IOException notAProblem) {
            return "";
        }
    }

    /** Stops the clients once each has its last answer. */
    @Override
    public void close() throws InterruptedException {
        writing.set(false);
        for (Thread t : threads) {
            t.join();
        }
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** Every id acknowledged, during the drill or on a retry after it. */
    List<String> acknowledgedIds() {
        return java.util.stream.Stream.concat(acknowledged.stream().map(Map.Entry::getKey), acknowledgedOnRetry.stream())
                .map(UUID::toString).toList();
    }

    Set<UUID> refused() {
        return Set.copyOf(refused);
    }

    Set<UUID> unknown() {
        return Set.copyOf(unknown);
    }

    /** Answers that were not acknowledged so far. */
    int unacknowledgedCount() {
        return refused.size() + unknown.size();
    }

    /** The longest time, in ms, between two acknowledgements in a row: how long writes stood still. */
    long longestPauseMillis() {
        long longest = 0;
        Long previous = null;
        for (long at : acknowledged.stream().map(Map.Entry::getValue).sorted().toList()) {
            if (previous != null) {
                longest = Math.max(longest, at - previous);
            }
            previous = at;
        }
        return longest / 1_000_000;
    }

    /**
     * What a careful client does after the drill: posts every event whose answer was lost again, with the same id,
     * until it is acknowledged; returns how many of them answered 200 (already stored) rather than 201.
     */
    int retryUntilAcknowledged(Set<UUID> ids) {
        AtomicInteger alreadyStored = new AtomicInteger();
        for (UUID id : ids) {
            await().atMost(Duration.ofMinutes(1)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> {
                        HttpResponse<String> r = sut.post("/events", "application/json", bodies.get(id));
                        if (r.statusCode() >= 400 && r.statusCode() < 500) {
                            throw new AssertionError("a retry refused: " + r.statusCode() + " " + r.body());
                        }
                        alreadyStored.addAndGet(r.statusCode() == 200 ? 1 : 0);
                        return r.statusCode() == 200 || r.statusCode() == 201;
                    });
            acknowledgedOnRetry.add(id);
        }
        return alreadyStored.get();
    }
}
