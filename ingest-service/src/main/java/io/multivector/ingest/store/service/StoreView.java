package io.multivector.ingest.store.service;

import io.multivector.events.Event;
import io.multivector.events.catalogue.CatalogueRules;
import io.multivector.events.catalogue.EventRetracted;
import io.multivector.ingest.store.repository.EventRepository;
import io.multivector.ingest.store.repository.StoredEvent;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the append rules may know of the store for one group: the stored events its events name (by
 * their own id, or as retracted), the entities they refer to, and the versions of every stream they
 * may go to. Read in three queries before the rules run, so the rules themselves touch no database.
 */
final class StoreView {

    /** What a group's events name: the ids they carry or retract, the entities they refer to, the streams they derive. */
    record Named(Set<UUID> ids, Set<EntityReference> entities, Set<String> streams) {

        static Named by(Collection<Event> events) {
            Set<UUID> ids = new HashSet<>();
            Set<EntityReference> entities = new HashSet<>();
            Set<String> streams = new HashSet<>();
            for (Event e : events) {
                if (e.id() != null) {
                    ids.add(e.id());
                }
                if (e.data() instanceof EventRetracted r) {
                    ids.add(UUID.fromString(r.eventId()));
                }
                EntityReference.referredToBy(e).ifPresent(entities::add);
                CatalogueRules.streamOf(e.data()).ifPresent(streams::add);
            }
            return new Named(ids, entities, streams);
        }
    }

    private final Named read;
    private final Map<UUID, StoredEvent> byId;
    private final Map<String, StoredEvent> entities;
    private final Set<String> streamsRead;
    private final Map<String, Long> versions;

    /** {@code streamsRead}: {@code read}'s streams and those of the stored events found, which a group may go to too. */
    StoreView(Named read, Map<UUID, StoredEvent> byId, Map<String, StoredEvent> entities, Set<String> streamsRead,
              Map<String, Long> versions) {
        this.read = read;
        this.byId = byId;
        this.entities = entities;
        this.streamsRead = streamsRead;
        this.versions = versions;
    }

    static StoreView read(Connection c, EventRepository repository, Collection<Event> events) throws SQLException {
        Named named = Named.by(events);
        Map<String, Set<String>> keysByType = new HashMap<>();
        named.entities().forEach(ref -> keysByType.computeIfAbsent(ref.type().typeName(), t -> new HashSet<>()).add(ref.key()));
        Map<UUID, StoredEvent> byId = repository.findByIds(c, named.ids());
        Map<String, StoredEvent> entities = repository.findByEntities(c, keysByType);
        // an event whose stream is its referent's (a termination, a status change, a retraction) goes to a stored stream
        Set<String> streams = new HashSet<>(named.streams());
        byId.values().forEach(s -> streams.add(s.stream()));
        entities.values().forEach(s -> streams.add(s.stream()));
        return new StoreView(named, byId, entities, streams, repository.streamVersions(c, streams));
    }

    /** The stored event with this id, if any; the id must be one the group names. */
    Optional<StoredEvent> byId(UUID id) {
        require(read.ids().contains(id), "event " + id);
        return Optional.ofNullable(byId.get(id));
    }

    /** The stored event that carries this entity's key, if any; the entity must be one the group refers to. */
    Optional<StoredEvent> entity(EntityReference ref) {
        require(read.entities().contains(ref), "entity " + ref.name());
        return Optional.ofNullable(entities.get(ref.name()));
    }

    /** The stream's version before the group (0: no events yet); the stream must be one the group may go to. */
    long version(String stream) {
        require(streamsRead.contains(stream), "stream " + stream);
        return versions.getOrDefault(stream, 0L);
    }

    /** A rule asking for what was not read would take absence for "not stored": a bug, never an answer. */
    private static void require(boolean read, String what) {
        if (!read) {
            throw new IllegalStateException(what + " was not read into this group's view of the store");
        }
    }
}
