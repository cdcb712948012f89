package io.multivector.projection.runtime;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;
import java.util.List;

/**
 * A record a projection could not apply, as the admin API lists it: read through Hibernate ORM. It is parked by
 * {@link DeadLetters} inside the batch's JDBC transaction and retried in one with the apply, so those stay JDBC.
 */
@Entity
@Immutable
@Table(name = "dead_letters")
public class ParkedRecord extends PanacheEntityBase {

    @Id
    public long id;

    public String projection;

    public String topic;

    public int partition;

    @Column(name = "\"offset\"")
    public long offset;

    @Column(name = "record_key")
    public String recordKey;

    public byte[] value;

    public String reason;

    @Column(name = "failed_at")
    public Instant failedAt;

    /** parked, or retried */
    public String status;

    @Column(name = "retried_at")
    public Instant retriedAt;

    /** Up to {@code limit} records of {@code projections} parked after {@code afterId}, oldest first. */
    public static List<ParkedRecord> after(long afterId, List<String> projections, int limit) {
        return find("id > ?1 and projection in ?2 order by id", afterId, projections).range(0, limit - 1).list();
    }
}
