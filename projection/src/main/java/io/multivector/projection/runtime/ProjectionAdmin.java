package io.multivector.projection.runtime;

import io.multivector.platform.problem.Problem;
import io.multivector.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the admin API shows and does: status per partition, checksums, dead letters and their retry. */
@ApplicationScoped
public class ProjectionAdmin {

    private final ProjectionRuntime runtime;

    public ProjectionAdmin(ProjectionRuntime runtime) {
        this.runtime = runtime;
    }

    /** {@code consumedHere}: this instance holds the partition now (with several instances, each holds some). */
    public record PartitionStatus(String topic, int partition, long storedOffset, long endOffset, long lag, Instant lastEventTime,
                                  boolean consumedHere) {
    }

    public record Status(String name, String servingSchema, String rebuildingInto, long lag, String lastError,
                         List<PartitionStatus> partitions) {
    }

    public record Checksum(String name, String schema, String checksum, Map<String, String> tables) {
    }

    /** {@code id} is {@code <projection>-<n>}: unique across services, so the gateway knows where to send a retry. */
    public record DeadLetter(String id, String projection, String topic, int partition, long offset, String key,
                             String reason, Instant failedAt, String status, Instant retriedAt, String value) {
    }

    public record DeadLetterPage(List<DeadLetter> items, String next) {
    }

    public List<Status> status() {
        List<Status> out = new ArrayList<>();
        for (Projection p : runtime.projections()) {
            String schema = runtime.servingSchema(p.name());
            Map<TopicPartition, long[]> stored = new HashMap<>();
            Map<TopicPartition, Instant> times = new HashMap<>();
            try (Connection c = runtime.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("select topic, partition, next_offset, last_event_time from %s.consumer_offsets".formatted(schema));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TopicPartition tp = new TopicPartition(rs.getString(1), rs.getInt(2));
                    stored.put(tp, new long[]{rs.getLong(3)});
                    var t = rs.getTimestamp(4);
                    if (t != null) {
                        times.put(tp, t.toInstant());
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            List<PartitionStatus> partitions = new ArrayList<>();
            var here = runtime.consumedHere(p.name());
            long lag = 0;
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(runtime.consumerConfig(null, 1))) {
                List<TopicPartition> all = new ArrayList<>();
                for (var topic : p.topics()) {
                    for (PartitionInfo info : consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(10))) {
                        all.add(new TopicPartition(info.topic(), info.partition()));
                    }
                }
                Map<TopicPartition, Long> ends = consumer.endOffsets(all, Duration.ofSeconds(10));
                for (TopicPartition tp : all) {
                    long at = stored.containsKey(tp) ? stored.get(tp)[0] : 0;
                    long end = ends.get(tp);
                    lag += Math.max(0, end - at);
                    partitions.add(new PartitionStatus(tp.topic(), tp.partition(), at, end, Math.max(0, end - at), times.get(tp),
                            here.contains(tp)));
                }
            }
            out.add(new Status(p.name(), schema, runtime.rebuildSchema(p.name()).orElse(null), lag,
                    runtime.lastError(p.name()).orElse(null), partitions));
        }
        return out;
    }

    /**
     * A digest of the read model's content: each table's rows in a fixed order. Equal for equal sets of applied events,
     * whatever the batching, partitioning or number of instances. {@code checksum} digests what answers of what is
     * known now read (content, running totals, derived tables), so a retraction restores it exactly; {@code tables}
     * also digests the retracted rows kept for answers as known at a time, which grow with every retraction.
     */
    public Checksum checksum(String name) {
        Projection p = runtime.projection(name);
        String schema = runtime.servingSchema(name);
        Map<String, String> tables = new LinkedHashMap<>();
        List<String> retracted = p.contentTables().stream().map(Projection::retractedTable).toList();
        try (Connection c = runtime.dataSource().getConnection()) {
            for (String table : java.util.stream.Stream.concat(Generations.tables(p).stream(), retracted.stream()).toList()) {
                try (PreparedStatement ps = c.prepareStatement(("select count(*), coalesce(md5(string_agg(t::text, E'\\n'"
                        + " order by t::text collate \"C\")), '') from %s.%s t").formatted(schema, table));
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    tables.put(table, rs.getLong(1) + ":" + rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            tables.forEach((t, d) -> {
                if (!retracted.contains(t)) {
                    sha.update((t + "=" + d + "\n").getBytes(StandardCharsets.UTF_8));
                }
            });
            return new Checksum(name, schema, HexFormat.of().formatHex(sha.digest()), tables);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public DeadLetterPage deadLetters(long after, int limit) {
        List<DeadLetter> items = ParkedRecord.after(after, runtime.projections().stream().map(Projection::name).toList(), limit + 1)
                .stream().map(r -> new DeadLetter(r.projection + "-" + r.id, r.projection, r.topic, r.partition, r.offset, r.recordKey,
                        r.reason, r.failedAt, r.status, r.retriedAt, preview(r.value))).toList();
        boolean more = items.size() > limit;
        List<DeadLetter> shown = more ? items.subList(0, limit) : items;
        return new DeadLetterPage(shown, more ? shown.getLast().id().substring(shown.getLast().id().lastIndexOf('-') + 1) : null);
    }

    /** Applies a parked record again (after a fix); 409 with the reason if it still cannot be applied. */
    public DeadLetter retry(String deadLetterId) {
        int dash = deadLetterId.lastIndexOf('-');
        long id;
        try {
            id = Long.parseLong(deadLetterId.substring(dash + 1));
        } catch (NumberFormatException e) {
            throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "not-found", "no dead letter " + deadLetterId));
        }
        String namedProjection = dash < 0 ? null : deadLetterId.substring(0, dash);
        try (Connection c = runtime.dataSource().getConnection()) {
            c.setAutoCommit(false);
            Incoming record;
            String projectionName;
            try (PreparedStatement ps = c.prepareStatement("select projection, topic, partition, \"offset\", record_key, value, status"
                    + " from dead_letters where id = ? for update")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !rs.getString(1).equals(namedProjection)) {
                        throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "not-found", "no dead letter " + deadLetterId));
                    }
                    if ("retried".equals(rs.getString(7))) {
                        throw new ProblemException(Problem.of(409, "already-retried", "Conflict", "dead letter " + deadLetterId + " was already applied"));
                    }
                    projectionName = rs.getString(1);
                    record = new Incoming(rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5), rs.getBytes(6));
                }
            }
            Projection p = runtime.projection(projectionName);
            String schema = Generations.serving(c, projectionName, true).orElseThrow();
            BatchApplier.Applied applied = runtime.applier(p).apply(c, schema, List.of(record), false, true);
            List<BatchApplier.DeadLetter> still = applied.dead();
            if (!still.isEmpty()) {
                c.rollback();
                try (PreparedStatement ps = c.prepareStatement("update dead_letters set reason = ? where id = ?")) {
                    c.setAutoCommit(true);
                    ps.setString(1, still.getFirst().reason());
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
                throw new ProblemException(Problem.of(409, "still-failing", "Conflict",
                        "dead letter " + deadLetterId + " still cannot be applied: " + still.getFirst().reason()));
            }
            try (PreparedStatement ps = c.prepareStatement("update dead_letters set status = 'retried', retried_at = now() where id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            runtime.commit(c, schema, applied);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return deadLetters(id - 1, 1).items().getFirst();
    }

    private String preview(byte[] value) {
        if (value == null) {
            return null;
        }
        String s = new String(value, StandardCharsets.UTF_8);
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }
}
