package io.multivector.ingest.store.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.Violation;
import io.multivector.events.catalogue.CatalogueRules;
import io.multivector.events.catalogue.EventRetracted;
import io.multivector.events.catalogue.EventType;
import io.multivector.events.catalogue.RouteStatusChanged;
import io.multivector.events.catalogue.TreatyTerminated;
import io.multivector.ingest.store.repository.StoredEvent;
import io.multivector.platform.problem.Problem;
import io.multivector.platform.problem.ProblemException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * The rules of appending, for one group of requests: where each event goes (its stream and topic,
 * derived or taken from the event it refers to), whether it replays a stored or planned event or
 * conflicts with it, and the stream versions it takes. They read only a {@link StoreView} and what the
 * group planned before, never the database: the writer reads the view, asks the rules, and writes.
 */
final class AppendRules {

    /** An event of a request, resolved: either new (to be written) or a replay of a stored one. */
    record Planned(Event event, JsonNode data, UUID id, String stream, long streamVersion, String topic, byte[] contentSha256,
                           boolean created, Appended replayOf, Planned sameAs, Correlation correlation) {
    }

    /** One append request: a single event (with its If-Match) or a whole NDJSON batch. */
    record Request(List<Event> events, Long expectedVersion, IntFunction<String> pointer, Correlation correlation) {
    }

    private final StoreView store;
    private final EventCodec codec;
    /** What the group planned so far; a request's plan is merged only when all of it is valid. */
    private final Map<UUID, Planned> plannedById = new HashMap<>();
    private final Map<String, Long> versions = new HashMap<>();
    private final Map<String, Planned> plannedEntities = new HashMap<>();

    AppendRules(StoreView store, EventCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /** The request's events resolved, or a problem (400, 409, 412) for the request whole. */
    List<Planned> plan(Request p) {
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
            byte[] hash = contentHash(codec, e, stream, data);
            if (e.id() != null) {
                Planned earlier = localIds.containsKey(e.id()) ? localIds.get(e.id()) : plannedById.get(e.id());
                StoredEvent existing = store.byId(e.id()).orElse(null);
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
            String key = EntityReference.carriedBy(e);
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

    private long version(String stream) {
        Long v = versions.get(stream);
        return v != null ? v : store.version(stream);
    }

    /** Where the event goes: its stream and topic, derived or taken from the event it refers to. */
    private Optional<Target> target(Event e, String at, List<Violation> invalid, List<Violation> conflicts,
                                    Map<String, Planned> localEntities, Map<UUID, Planned> localIds) {
        Optional<String> derived = CatalogueRules.streamOf(e.data());
        if (derived.isPresent()) {
            return Optional.of(new Target(derived.get(), e.type().topic().orElseThrow().topicName()));
        }
        return switch (e.data()) {
            case TreatyTerminated t -> referenced(EventType.TREATY_SIGNED, t.treatyId(), localEntities, at + "/data/treatyId",
                    "no treaty.signed with this treatyId is stored", invalid);
            case RouteStatusChanged r -> referenced(EventType.ROUTE_REGISTERED, r.routeId(), localEntities, at + "/data/routeId",
                    "no route.registered with this routeId is stored", invalid);
            case EventRetracted r -> retracted(e.id(), r, at, invalid, conflicts, localEntities, localIds);
            default -> throw new IllegalStateException("no stream for " + e.type());
        };
    }

    private Optional<Target> referenced(EventType type, String key, Map<String, Planned> localEntities, String pointer,
                                        String missing, List<Violation> invalid) {
        Planned inGroup = localEntities.getOrDefault(type.typeName() + "/" + key, plannedEntities.get(type.typeName() + "/" + key));
        if (inGroup != null) {
            return Optional.of(new Target(inGroup.stream(), inGroup.topic()));
        }
        Optional<StoredEvent> s = store.entity(new EntityReference(type, key));
        if (s.isEmpty()) {
            invalid.add(new Violation(pointer, missing));
            return Optional.empty();
        }
        return Optional.of(new Target(s.get().stream(), s.get().topic()));
    }

    /** @param submitted the retraction's own id, when it has one */
    private Optional<Target> retracted(UUID submitted, EventRetracted r, String at, List<Violation> invalid, List<Violation> conflicts,
                                       Map<String, Planned> localEntities, Map<UUID, Planned> localIds) {
        UUID id = UUID.fromString(r.eventId());
        EntityReference retraction = new EntityReference(EventType.EVENT_RETRACTED, r.eventId().toLowerCase());
        String key = retraction.name();
        Planned retractedInGroup = localEntities.getOrDefault(key, plannedEntities.get(key));
        UUID retractedBy = retractedInGroup != null ? retractedInGroup.id() : store.entity(retraction).map(StoredEvent::id).orElse(null);
        // The same retraction sent again (a seed file loaded twice) is a replay, which the id check answers like any other.
        if (retractedBy != null && !retractedBy.equals(submitted)) {
            conflicts.add(new Violation(at + "/data/eventId", "this event is already retracted"));
            return Optional.empty();
        }
        Planned inGroup = localIds.containsKey(id) ? localIds.get(id) : plannedById.get(id);
        Optional<StoredEvent> s = inGroup == null ? store.byId(id) : Optional.empty();
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

    private record Target(String stream, String topic) {
    }

    /** What tells two submissions of one id apart: the SHA-256 of the event's canonical content in its stream. */
    static byte[] contentHash(EventCodec codec, Event e, String stream, JsonNode data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(codec.canonicalContent(e, stream, data));
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException(missing);
        }
    }
}
