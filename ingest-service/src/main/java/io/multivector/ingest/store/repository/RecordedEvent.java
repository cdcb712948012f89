package io.multivector.ingest.store.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Query;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A row of the event store as the read side sees it: an entity read through Hibernate ORM, never written by it
 * ({@link Immutable}); events go in by {@link EventRepository#insert}, batched JDBC on the hot append path.
 */
@Entity
@Immutable
@Table(name = "event_store")
public class RecordedEvent extends PanacheEntityBase {

    /** Store-wide order of recording: the keyset cursor of the listing. */
    @Id
    public long sequence;

    @Column(name = "id")
    public UUID eventId;

    public String stream;

    @Column(name = "stream_version")
    public long streamVersion;

    public String type;

    @Column(name = "occurred_from")
    public LocalDate occurredFrom;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] actors;

    /** The CloudEvent exactly as published. */
    public String envelope;

    /** Provenance, beside the event rather than in it: shown to admins only. */
    @Column(name = "written_by")
    public String writtenBy;

    @Column(name = "request_id")
    public String requestId;

    /** Filters of the event listing; null means "any". */
    public record Filter(String actor, String type, LocalDate from, LocalDate to, Instant recordedFrom, Instant recordedTo) {
    }

    public static Optional<RecordedEvent> findByEventId(UUID id) {
        return find("eventId", id).firstResultOptional();
    }

    /**
     * Up to {@code limit} events after {@code afterSequence} that meet {@code filter}, in sequence order. Native SQL
     * mapped to the entity: HQL's array_contains binds the actor as varchar[], which PostgreSQL cannot compare with the
     * text[] column (nor serve from its GIN index), where {@code actors @> array[?]::text[]} can.
     */
    @SuppressWarnings("unchecked")
    public static List<RecordedEvent> listed(Filter filter, long afterSequence, int limit) {
        StringBuilder where = new StringBuilder("sequence > :after");
        Map<String, Object> args = new HashMap<>(Map.of("after", afterSequence));
        condition(where, args, "actors @> array[cast(:actor as text)]", "actor", filter.actor());
        condition(where, args, "type = :type", "type", filter.type());
        condition(where, args, "occurred_from >= :from", "from", filter.from());
        condition(where, args, "occurred_from <= :to", "to", filter.to());
        condition(where, args, "recorded_at >= :recordedFrom", "recordedFrom", filter.recordedFrom());
        condition(where, args, "recorded_at <= :recordedTo", "recordedTo", filter.recordedTo());
        Query query = getEntityManager().createNativeQuery("select * from event_store where " + where + " order by sequence limit :limit",
                RecordedEvent.class).setParameter("limit", limit);
        args.forEach(query::setParameter);
        return query.getResultList();
    }

    /** Up to {@code limit} events of {@code stream} after {@code afterVersion}, in version order. */
    public static List<RecordedEvent> ofStream(String stream, long afterVersion, int limit) {
        return find("stream = ?1 and streamVersion > ?2 order by streamVersion", stream, afterVersion).range(0, limit - 1).list();
    }

    private static void condition(StringBuilder where, Map<String, Object> args, String condition, String name, Object value) {
        if (value != null) {
            where.append(" and ").append(condition);
            args.put(name, value);
        }
    }
}
