package io.multivector.ingest.store.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.Violation;
import io.multivector.events.catalogue.CatalogueRules;
import io.multivector.events.catalogue.EventRetracted;
import io.multivector.events.catalogue.EventType;
import io.multivector.events.catalogue.RouteRegistered;
import io.multivector.events.catalogue.RouteStatusChanged;
import io.multivector.events.catalogue.TreatySigned;
import io.multivector.events.catalogue.TreatyTerminated;
import io.multivector.ingest.relay.service.CommittedRows;
import io.multivector.ingest.relay.service.RelayRow;
import io.multivector.ingest.store.config.StoreConfig;
import io.multivector.ingest.store.repository.EventRepository;
import io.multivector.ingest.store.repository.NewEvent;
import io.multivector.ingest.store.repository.StoredEvent;
import io.multivector.platform.problem.Problem;
import io.multivector.platform.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * The one writer of the event store. Appends from concurrent requests queue here and are written
 * together, one transaction per group: fewer commits under load, and sequence numbers that are
 * gap-free and committed in order. Each request still succeeds or fails on its own, whole.
 */
@ApplicationScoped
public class EventAppender {

    private static final Logger LOG = Logger.getLogger(EventAppender.class);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final AgroalDataSource dataSource;
    private final EventRepository repository;
    private final EventCodec codec;
    private final StoreConfig config;
    private final CommittedRows committedRows;
    private final Counter stored;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(4096);
    private volatile Thread writer;

    /** One append request: a single event or a whole NDJSON batch. */
    private record Pending(List<Event> events, Long expectedVersion, IntFunction<String> pointer, Correlation correlation,
                           CompletableFuture<List<Appended>> result) {
    }

    public EventAppender(AgroalDataSource dataSource, EventRepository repository, EventCodec codec, StoreConfig config,
                         CommittedRows committedRows, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.repository = repository;
        this.codec = codec;
        this.config = config;
        this.committedRows = committedRows;
        this.stored = Counter.builder("multivector.events.stored").description("events appended to the store").register(registry);
    }

    void start(@Observes StartupEvent ev) {
        writer = Thread.ofPlatform().name("event-writer").daemon().start(this::writeLoop);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (writer != null) {
            writer.interrupt();
        }
    }

    /** Appends one event; {@code expectedVersion} (If-Match) must equal the stream's current version. */
    public Uni<Appended> appendOne(Event event, Long expectedVersion, Correlation correlation) {
        return submit(new Pending(List.of(event), expectedVersion, i -> "", correlation, new CompletableFuture<>())).map(List::getFirst);
    }

    /** Appends a batch, all or nothing; violations point at {@code /lines/<i>}. */
    public Uni<List<Appended>> appendBatch(List<Event> events, Correlation correlation) {
        return submit(new Pending(events, null, i -> "/lines/" + i, correlation, new CompletableFuture<>()));
    }

    /** Queues the append; the writer completes it, so no thread waits for the commit. */
    private Uni<List<Appended>> submit(Pending p) {
        if (!queue.offer(p)) {
            return Uni.createFrom().failure(new ProblemException(Problem.of(503, "busy", "Service Unavailable",
                    "the event store is taking more appends than it can write; retry shortly")));
        }
        return Uni.createFrom().completionStage(p.result())
                .ifNoItem().after(WAIT).failWith(() -> new ProblemException(Problem.of(503, "store-timeout", "Service Unavailable",
                        "the append did not complete within " + WAIT.toSeconds() + " s; retry with the same id, it is idempotent")));
    }

    private void writeLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            List<Pending> group = new ArrayList<>();
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            int events = group.getFirst().events().size();
            Pending next;
            while (events < config.maxEventsPerTransaction() && (next = queue.peek()) != null
                    && events + next.events().size() <= config.maxEventsPerTransaction()) {
                group.add(queue.poll());
                events += next.events().size();
            }
            write(group);
        }
    }

    private void write(List<Pending> group) {
        try {
            Map<Pending, List<Appended>> done = writeTogether(group);
            done.forEach((p, r) -> p.result().complete(r));
        } catch (SQLException | RuntimeException e) {
            if (group.size() > 1) {
                // One request may have broken the group's transaction; give each its own.
                group.forEach(p -> write(List.of(p)));
                return;
            }
            LOG.warn("append failed", e);
            group.getFirst().result().completeExceptionally(e instanceof ProblemException pe ? pe
                    : new ProblemException(Problem.of(503, "store-unavailable", "Service Unavailable",
                    "the event store could not be written; retry with the same id, it is idempotent")));
        }
    }

    /** Plans every request of the group, fails those that cannot be appended, writes the rest in one transaction. */
    private Map<Pending, List<Appended>> writeTogether(List<Pending> group) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                GroupState state = new GroupState(c);
                // Every stored event and entity the group's events name, in one query each, not a round trip per event:
                // the ids they carry (replays), the events they retract, the signings and registrations they refer to.
                List<Event> events = group.stream().flatMap(p -> p.events().stream()).toList();
                java.util.Set<UUID> ids = new java.util.HashSet<>();
                Map<String, java.util.Set<String>> entities = new HashMap<>();
                for (Event e : events) {
                    if (e.id() != null) {
                        ids.add(e.id());
                    }
                    if (e.data() instanceof EventRetracted r) {
                        ids.add(UUID.fromString(r.eventId()));
                    }
                    reference(e).ifPresent(ref -> entities.computeIfAbsent(ref.type().typeName(), t -> new java.util.HashSet<>()).add(ref.key()));
                }
                state.stored.putAll(repository.findByIds(c, ids));
                Map<String, StoredEvent> found = repository.findByEntities(c, entities);
                entities.forEach((type, keys) -> keys.forEach(key ->
                        state.storedEntities.put(type + "/" + key, Optional.ofNullable(found.get(type + "/" + key)))));
                // Every stream named by the group's events in one query, not a round trip per stream.
                java.util.Set<String> streams = new java.util.HashSet<>();
                group.forEach(p -> p.events().forEach(e -> CatalogueRules.streamOf(e.data()).ifPresent(streams::add)));
                Map<String, Long> versions = repository.streamVersions(c, streams);
                streams.forEach(s -> state.versions.put(s, versions.getOrDefault(s, 0L)));
                // Identity maps: a record's hashCode would hash whole events, again and again.
                Map<Pending, List<Planned>> plans = new IdentityHashMap<>();
                for (Pending p : group) {
                    try {
                        plans.put(p, state.plan(p));
                    } catch (ProblemException e) {
                        p.result().completeExceptionally(e);
                    }
                }
                List<Planned> fresh = group.stream().filter(plans::containsKey).flatMap(p -> plans.get(p).stream())
                        .filter(Planned::created).toList();
                Map<Planned, Long> sequences = new IdentityHashMap<>();
                List<RelayRow> relayed = new ArrayList<>(fresh.size());
                if (!fresh.isEmpty()) {
                    long first = repository.reserveSequences(c, fresh.size());
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    List<NewEvent> rows = new ArrayList<>(fresh.size());
                    for (int i = 0; i < fresh.size(); i++) {
                        Planned pl = fresh.get(i);
                        long seq = first + i;
                        sequences.put(pl, seq);
                        Event stored = pl.event().stored(pl.id(), pl.stream(), now, seq, pl.streamVersion());
                        rows.add(new NewEvent(seq, pl.id(), pl.stream(), pl.streamVersion(), pl.event().type().typeName(),
                                pl.topic(), pl.event().data().occurredOn().firstDay(), now,
                                CatalogueRules.actorsOf(pl.event().data()), entityKey(pl.event()), pl.contentSha256(),
                                new String(codec.encode(stored, pl.data()), StandardCharsets.UTF_8),
                                pl.correlation().requestId(), pl.correlation().traceparent()));
                    }
                    repository.insert(c, rows);
                    rows.forEach(r -> relayed.add(new RelayRow(r.sequence(), r.stream(), r.topic(), r.envelope(), r.requestId(),
                            r.traceparent())));
                }
                c.commit();
                committedRows.handOff(relayed);
                stored.increment(fresh.size());
                Map<Pending, List<Appended>> results = new IdentityHashMap<>();
                plans.forEach((p, planned) -> results.put(p, planned.stream().map(pl -> {
                    if (pl.created()) {
                        return new Appended(pl.id(), sequences.get(pl), pl.stream(), pl.streamVersion(), pl.topic(), true);
                    }
                    if (pl.replayOf() != null) {
                        return pl.replayOf();
                    }
                    Planned first = pl.sameAs();
                    return new Appended(first.id(), sequences.get(first), first.stream(), first.streamVersion(), first.topic(), false);
                }).toList()));
                return results;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** An entity an event refers to: the signing a termination ends, the registration a status change is of, a retraction of the same event. */
    private record EntityReference(EventType type, String key) {
    }

    private static Optional<EntityReference> reference(Event e) {
        return switch (e.data()) {
            case TreatyTerminated t -> Optional.of(new EntityReference(EventType.TREATY_SIGNED, t.treatyId()));
            case RouteStatusChanged r -> Optional.of(new EntityReference(EventType.ROUTE_REGISTERED, r.routeId()));
            case EventRetracted r -> Optional.of(new EntityReference(EventType.EVENT_RETRACTED, r.eventId().toLowerCase()));
            default -> Optional.empty();
        };
    }

    /** The key later events use to refer to this one (see {@code event_store.entity_key}). */
    private static String entityKey(Event e) {
        return switch (e.data()) {
            case TreatySigned t -> t.treatyId();
            case RouteRegistered r -> r.routeId();
            case EventRetracted r -> r.eventId().toLowerCase();
            default -> null;
        };
    }

    /** An event of a request, resolved: either new (to be written) or a replay of a stored one. */
    private record Planned(Event event, JsonNode data, UUID id, String stream, long streamVersion, String topic, byte[] contentSha256,
                           boolean created, Appended replayOf, Planned sameAs, Correlation correlation) {
    }

    /** What the group has seen and planned so far; a request's plan is merged only when all of it is valid. */
    private final class GroupState {
        final Connection c;
        /** Stored events named by the group (by their own id or as retracted); absent here means not stored. */
        final Map<UUID, StoredEvent> stored = new HashMap<>();
        /** "type/key" of every entity the group's events refer to → its stored event, if any. */
        final Map<String, Optional<StoredEvent>> storedEntities = new HashMap<>();
        final Map<UUID, Planned> plannedById = new HashMap<>();
        final Map<String, Long> versions = new HashMap<>();
        final Map<String, Planned> plannedEntities = new HashMap<>();

        GroupState(Connection c) {
            this.c = c;
        }

        List<Planned> plan(Pending p) throws SQLException {
            List<Planned> out = new ArrayList<>();
            Map<String, Long> localVersions = new HashMap<>();
            Map<UUID, Planned> localIds = new HashMap<>();
            Map<String, Planned> localEntities = new HashMap<>();
            List<Violation> invalid = new ArrayList<>();
            List<Violation> conflicts = new ArrayList<>();
            for (int i = 0; i < p.events().size(); i++) {
                Event e = p.events().get(i);
                String at = p.pointer().apply(i);
                Optional<Target> target = target(e, at, invalid, conflicts, localEntities, localIds);
                if (target.isEmpty()) {
                    continue;
                }
                String stream = target.get().stream();
                if (e.subject() != null && !e.subject().equals(stream)) {
                    invalid.add(new Violation(at + "/subject", "must be the event's stream '" + stream + "' (or be omitted)"));
                    continue;
                }
                JsonNode data = codec.dataTree(e);
                byte[] hash = sha256(codec.canonicalContent(e, stream, data));
                if (e.id() != null) {
                    Planned earlier = localIds.containsKey(e.id()) ? localIds.get(e.id()) : plannedById.get(e.id());
                    StoredEvent existing = stored.get(e.id());
                    if (earlier != null || existing != null) {
                        byte[] earlierHash = earlier != null ? earlier.contentSha256() : existing.contentSha256();
                        if (!Arrays.equals(earlierHash, hash)) {
                            conflicts.add(new Violation(at + "/id", "an event with this id and different content is already "
                                    + (existing != null ? "stored" : "in this request")));
                            continue;
                        }
                        Appended original = existing != null
                                ? new Appended(existing.id(), existing.sequence(), existing.stream(), existing.streamVersion(), existing.topic(), false)
                                : earlier.replayOf();
                        Planned sameAs = original == null ? earlier : null;
                        out.add(new Planned(e, data, e.id(), stream, 0, target.get().topic(), hash, false, original, sameAs, p.correlation()));
                        continue;
                    }
                }
                long current = localVersions.containsKey(stream) ? localVersions.get(stream) : version(stream);
                if (p.expectedVersion() != null && current != p.expectedVersion()) {
                    throw new ProblemException(new Problem("urn:multivector:problem:precondition-failed", "Precondition Failed", 412,
                            "stream '" + stream + "' is at version " + current + ", not " + p.expectedVersion() + "; nothing was written",
                            null, List.of()));
                }
                UUID id = e.id() != null ? e.id() : TimeOrderedIds.next();
                Planned planned = new Planned(e, data, id, stream, current + 1, target.get().topic(), hash, true, null, null, p.correlation());
                localVersions.put(stream, current + 1);
                localIds.put(id, planned);
                String key = entityKey(e);
                if (key != null) {
                    localEntities.put(e.type().typeName() + "/" + key, planned);
                }
                out.add(planned);
            }
            if (!invalid.isEmpty()) {
                throw new ProblemException(Problem.invalid(invalid.getFirst().pointer() + ": " + invalid.getFirst().message()
                        + "; nothing was written", invalid));
            }
            if (!conflicts.isEmpty()) {
                throw new ProblemException(new Problem("urn:multivector:problem:conflict", "Conflict", 409,
                        conflicts.getFirst().pointer() + ": " + conflicts.getFirst().message() + "; nothing was written",
                        null, conflicts));
            }
            versions.putAll(localVersions);
            plannedById.putAll(localIds);
            plannedEntities.putAll(localEntities);
            return out;
        }

        private long version(String stream) throws SQLException {
            Long v = versions.get(stream);
            if (v == null) {
                v = repository.streamVersions(c, List.of(stream)).getOrDefault(stream, 0L);
                versions.put(stream, v);
            }
            return v;
        }

        /** Where the event goes: its stream and topic, derived or taken from the event it refers to. */
        private Optional<Target> target(Event e, String at, List<Violation> invalid, List<Violation> conflicts,
                                        Map<String, Planned> localEntities, Map<UUID, Planned> localIds) throws SQLException {
            Optional<String> derived = CatalogueRules.streamOf(e.data());
            if (derived.isPresent()) {
                return Optional.of(new Target(derived.get(), e.type().topic().orElseThrow().topicName()));
            }
            return switch (e.data()) {
                case TreatyTerminated t -> referenced(EventType.TREATY_SIGNED, t.treatyId(), localEntities, at + "/data/treatyId",
                        "no treaty.signed with this treatyId is stored", invalid);
                case RouteStatusChanged r -> referenced(EventType.ROUTE_REGISTERED, r.routeId(), localEntities, at + "/data/routeId",
                        "no route.registered with this routeId is stored", invalid);
                case EventRetracted r -> retracted(r, at, invalid, conflicts, localEntities, localIds);
                default -> throw new IllegalStateException("no stream for " + e.type());
            };
        }

        private Optional<Target> referenced(EventType type, String key, Map<String, Planned> localEntities, String pointer,
                                            String missing, List<Violation> invalid) throws SQLException {
            Planned inGroup = localEntities.getOrDefault(type.typeName() + "/" + key, plannedEntities.get(type.typeName() + "/" + key));
            if (inGroup != null) {
                return Optional.of(new Target(inGroup.stream(), inGroup.topic()));
            }
            Optional<StoredEvent> s = storedEntities.getOrDefault(type.typeName() + "/" + key, Optional.empty());
            if (s.isEmpty()) {
                invalid.add(new Violation(pointer, missing));
                return Optional.empty();
            }
            return Optional.of(new Target(s.get().stream(), s.get().topic()));
        }

        private Optional<Target> retracted(EventRetracted r, String at, List<Violation> invalid, List<Violation> conflicts,
                                           Map<String, Planned> localEntities, Map<UUID, Planned> localIds) throws SQLException {
            UUID id = UUID.fromString(r.eventId());
            String key = EventType.EVENT_RETRACTED.typeName() + "/" + r.eventId().toLowerCase();
            if (localEntities.containsKey(key) || plannedEntities.containsKey(key)
                    || storedEntities.getOrDefault(key, Optional.empty()).isPresent()) {
                conflicts.add(new Violation(at + "/data/eventId", "this event is already retracted"));
                return Optional.empty();
            }
            Planned inGroup = localIds.containsKey(id) ? localIds.get(id) : plannedById.get(id);
            Optional<StoredEvent> s = inGroup == null ? Optional.ofNullable(stored.get(id)) : Optional.empty();
            if (inGroup == null && s.isEmpty()) {
                invalid.add(new Violation(at + "/data/eventId", "no stored event has this id"));
                return Optional.empty();
            }
            String type = inGroup != null ? inGroup.event().type().typeName() : s.get().type();
            if (EventType.EVENT_RETRACTED.typeName().equals(type)) {
                invalid.add(new Violation(at + "/data/eventId", "a retraction cannot be retracted; submit the event again instead"));
                return Optional.empty();
            }
            return Optional.of(inGroup != null ? new Target(inGroup.stream(), inGroup.topic())
                    : new Target(s.get().stream(), s.get().topic()));
        }
    }

    private record Target(String stream, String topic) {
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
