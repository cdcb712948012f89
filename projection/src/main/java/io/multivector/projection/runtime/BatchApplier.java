package io.multivector.projection.runtime;

import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.InvalidEventException;
import io.multivector.events.catalogue.EventRetracted;
import io.multivector.projection.readmodel.ModelVersions;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Applies a batch of records to one generation of a read model, inside the caller's transaction:
 * content rows, retractions, and each partition's consumed offset and applied position (the dedupe,
 * {@link PartitionPositions}), together. Records that cannot be applied are returned as dead letters;
 * the batch goes on without them.
 */
final class BatchApplier {

    /** A record that could not be applied, and why. */
    record DeadLetter(Incoming record, String reason) {
    }

    private record Decoded(Incoming record, Event event) {
    }

    /**
     * The rows an event adds, when the store recorded it (the runtime's {@code recorded} column) and, for an event
     * already retracted, when its retraction was recorded (the {@code retracted} column of the tables it goes aside to).
     */
    private record EventRows(Instant recorded, Instant retracted, List<Row> rows) {

        EventRows retractedAt(Instant retraction) {
            return new EventRows(recorded, retraction, rows);
        }
    }

    private record Retraction(UUID id, Instant recorded) {
    }

    private final Projection projection;
    private final EventCodec codec;
    private final RunningTotalsFold totals;
    private final DerivedTables derived;

    BatchApplier(Projection projection, EventCodec codec) {
        this.projection = projection;
        this.codec = codec;
        this.totals = new RunningTotalsFold(projection);
        this.derived = new DerivedTables(projection);
    }

    /**
     * @param recordOffsets false when re-applying a parked record: its offset was passed long ago, and it is applied only
     *                      if this generation parked it ({@link PartitionPositions#unpark})
     * @param fold          false for a rebuild, which folds and derives everything once it has caught up ({@link #foldAll})
     */
    Applied apply(Connection c, String schema, List<Incoming> batch, boolean recordOffsets, boolean fold) throws SQLException {
        List<DeadLetter> dead = new ArrayList<>();
        List<Decoded> decoded = new ArrayList<>();
        for (Incoming in : batch) {
            try {
                Event e = codec.decodeStored(in.value() == null ? new byte[0] : in.value());
                if (e.id() == null || e.sequence() == null || e.time() == null) {
                    dead.add(new DeadLetter(in, "not a stored event: id, sequence and time are required"));
                    continue;
                }
                decoded.add(new Decoded(in, e));
            } catch (InvalidEventException ex) {
                dead.add(new DeadLetter(in, describe(ex)));
            } catch (RuntimeException ex) {
                dead.add(new DeadLetter(in, "unreadable: " + ex));
            }
        }
        PartitionPositions positions = null;
        if (recordOffsets) {
            positions = PartitionPositions.lock(c, schema, batch);
            for (var it = decoded.iterator(); it.hasNext(); ) {
                Decoded d = it.next();
                if (!positions.advance(d.record(), d.event().sequence(), d.event().time())) {
                    it.remove(); // redelivered or published twice: already in the read model
                }
            }
        } else {
            for (var it = decoded.iterator(); it.hasNext(); ) {
                if (!PartitionPositions.unpark(c, schema, it.next().record())) {
                    it.remove(); // applied since it was parked
                }
            }
        }
        List<UUID> ids = decoded.stream().map(d -> d.event().id()).toList();
        Map<UUID, Instant> retractedBefore = retractedBefore(c, schema, ids);
        Map<UUID, EventRows> rowsByEvent = new LinkedHashMap<>();
        Map<UUID, EventRows> retractedRows = new LinkedHashMap<>();
        Map<UUID, Retraction> retractions = new LinkedHashMap<>();
        List<UUID> applied = new ArrayList<>();
        AnswerReach reach = AnswerReach.NONE;
        // retracted events applied by an earlier batch: a retraction reaches what its event reached, which the event's
        // rows tell (Projection.reachOfApplied), as the retraction itself does not name its event's actors
        Set<UUID> appliedEarlier = new HashSet<>();
        for (Decoded d : decoded) {
            Event e = d.event();
            if (e.data() instanceof EventRetracted r) {
                UUID target = UUID.fromString(r.eventId());
                // the first retraction of an event is when it stopped counting: a later one in the same batch changes
                // nothing, as one in a later batch does (retractions keeps the first)
                // at the database's precision: this time goes aside with the rows both by COPY (rounded half up) and by
                // array parameters (rounded half to even), which disagree on a time of exactly half a microsecond
                Instant recorded = RowCopy.micros(e.time());
                if (retractions.putIfAbsent(target, new Retraction(e.id(), recorded)) != null) {
                    applied.add(e.id());
                    continue;
                }
                EventRows earlier = rowsByEvent.remove(target);
                if (earlier != null) {
                    retractedRows.put(target, earlier.retractedAt(recorded)); // its event's reach is in already
                } else {
                    appliedEarlier.add(target);
                }
                applied.add(e.id());
                continue;
            }
            try {
                EventRows rows = new EventRows(e.time(), null, projection.apply(e, d.record().value()));
                // arrived after its retraction: it adds nothing to what is known now, only to what was known before
                Instant retraction = retractions.containsKey(e.id()) ? retractions.get(e.id()).recorded() : retractedBefore.get(e.id());
                if (retraction != null) {
                    retractedRows.put(e.id(), rows.retractedAt(retraction));
                } else {
                    rowsByEvent.put(e.id(), rows);
                }
                applied.add(e.id());
                reach = reach.and(projection.reach(e));
            } catch (RuntimeException ex) {
                dead.add(new DeadLetter(d.record(), "projection " + projection.name() + " failed: " + ex));
            }
        }
        if (!appliedEarlier.isEmpty()) {
            // a rebuild's generation serves no answer yet, and moves its retracted rows aside only once caught up
            reach = reach.and(fold ? projection.reachOfApplied(c, schema, appliedEarlier) : AnswerReach.EVERY_ANSWER);
        }
        if (fold) {
            totals.add(c, schema, retractions.keySet(), -1);
        }
        Map<KeyedDerivation, Set<List<String>>> touched = fold ? derived.touched(c, schema, retractions.keySet(), new HashMap<>()) : Map.of();
        if (fold) {
            moveRetracted(c, schema, retractions);
        } // a rebuild moves them all once it has caught up (moveAllRetracted), before it folds
        insertRows(c, schema, rowsByEvent);
        insertRows(c, schema, retractedRows);
        if (fold) {
            totals.add(c, schema, rowsByEvent.keySet(), 1);
            derived.derive(c, schema, derived.touched(() -> rowsByEvent.values().stream().flatMap(r -> r.rows().stream()).iterator(), touched));
        }
        if (!retractions.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(("insert into %s.retractions (retracted_id, retraction_id, recorded)"
                    + " select * from unnest(?::uuid[], ?::uuid[], ?::timestamptz[]) on conflict do nothing").formatted(schema))) {
                ps.setArray(1, c.createArrayOf("uuid", retractions.keySet().toArray()));
                ps.setArray(2, c.createArrayOf("uuid", retractions.values().stream().map(Retraction::id).toArray()));
                ps.setArray(3, c.createArrayOf("timestamptz", retractions.values().stream()
                        .map(r -> Timestamp.from(r.recorded())).toArray()));
                ps.executeUpdate();
            }
        }
        if (positions != null) {
            positions.record(c, schema, batch);
            PartitionPositions.park(c, schema, dead);
        }
        long version = 0;
        if (!applied.isEmpty()) {
            // the other instances' ETags follow the notification, delivered as this transaction commits; this one's the
            // version returned (ProjectionRuntime.commit)
            try (PreparedStatement ps = c.prepareStatement(("with bumped as (update %s.model_version set version = version + 1 returning version)"
                    + " select version, pg_notify('" + ModelVersions.CHANNEL + "', '%s ' || version || ' ' || ?) from bumped")
                    .formatted(schema, schema))) {
                ps.setString(1, reach.wire());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    version = rs.getLong(1);
                }
            }
        }
        return new Applied(dead, version, reach);
    }

    /**
     * What a batch did: the records it could not apply, the read model's version it bumped to (0 when it applied
     * nothing), which holds once the transaction commits, and which answers its events may have changed.
     */
    record Applied(List<DeadLetter> dead, long version, AnswerReach reach) {
    }

    static String describe(InvalidEventException ex) {
        return ex.violations().stream().limit(5).map(v -> (v.pointer().isEmpty() ? "/" : v.pointer()) + ": " + v.message())
                .collect(Collectors.joining("; "));
    }

    /** Those of {@code ids} retracted by an earlier batch, and when each retraction was recorded. */
    private static Map<UUID, Instant> retractedBefore(Connection c, String schema, List<UUID> ids) throws SQLException {
        Map<UUID, Instant> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("select retracted_id, recorded from %s.retractions where retracted_id = any(?)"
                .formatted(schema))) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant());
                }
            }
        }
        return found;
    }

    /**
     * Moves the rows of retracted events aside, each with when its retraction was recorded, where only answers as known
     * before the retraction read them.
     */
    private void moveRetracted(Connection c, String schema, Map<UUID, Retraction> retractions) throws SQLException {
        if (retractions.isEmpty()) {
            return;
        }
        Array ids = c.createArrayOf("uuid", retractions.keySet().toArray());
        Array times = c.createArrayOf("timestamptz", retractions.values().stream().map(r -> Timestamp.from(r.recorded())).toArray());
        for (String table : projection.contentTables()) {
            try (PreparedStatement ps = c.prepareStatement(("with gone as (delete from %1$s.%2$s where event_id = any(?) returning *)"
                    + " insert into %1$s.%3$s select gone.*, r.at from gone join unnest(?::uuid[], ?::timestamptz[]) r(id, at)"
                    + " on r.id = gone.event_id").formatted(schema, table, Projection.retractedTable(table)))) {
                ps.setArray(1, ids);
                ps.setArray(2, ids);
                ps.setArray(3, times);
                ps.executeUpdate();
            }
        }
    }

    /**
     * What {@link #moveRetracted} does batch by batch, for every retraction at once: a rebuild reads without the indexes
     * by event ({@link Generations#eventIndexDdl}), so it leaves the rows of events retracted by a later batch where they
     * are until it has caught up. Each retraction's first record is the one kept ({@code retractions}' key), as the
     * batches kept it. The rows of an event retracted before it arrived, or in its own batch, went aside already.
     */
    private void moveAllRetracted(Connection c, String schema) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String table : projection.contentTables()) {
                st.executeUpdate(("with gone as (delete from %1$s.%2$s t using %1$s.retractions r where t.event_id = r.retracted_id"
                        + " returning t.*, r.recorded as retracted) insert into %1$s.%3$s select * from gone")
                        .formatted(schema, table, Projection.retractedTable(table)));
            }
        }
    }

    /** The rows of events: into their content tables, or aside ({@link Projection#retractedTable}) for events already retracted. */
    private static void insertRows(Connection c, String schema, Map<UUID, EventRows> rowsByEvent) throws SQLException {
        record Owned(UUID event, EventRows of, Row row) {
        }
        RowShapes<Owned> shapes = new RowShapes<>();
        rowsByEvent.forEach((id, rows) -> rows.rows().forEach(r -> shapes.add(r, new Owned(id, rows, r))));
        for (RowShapes.Shape<Owned> shape : shapes.shapes()) {
            boolean retracted = shape.rows().getFirst().of().retracted() != null;
            List<String> copied = new ArrayList<>(shape.columns().size() + 3);
            copied.add("event_id");
            copied.add("recorded");
            copied.addAll(shape.columns());
            if (retracted) {
                copied.add("retracted");
            }
            RowCopy copy = new RowCopy(schema, retracted ? Projection.retractedTable(shape.table()) : shape.table(), copied);
            for (Owned entry : shape.rows()) {
                copy.value(entry.event()).value(entry.of().recorded());
                entry.row().copyValues(copy);
                if (retracted) {
                    copy.value(entry.of().retracted());
                }
                copy.endRow();
            }
            copy.send(c);
        }
    }

    /** Work done in a transaction of its own. */
    private interface Transactional {
        void run(Connection c) throws SQLException;
    }

    /**
     * Every running total and derived table from all the generation's rows at once: what a rebuild does when it has
     * caught up, instead of folding batch by batch, once the rows of events retracted by a later batch are aside
     * ({@link #moveAllRetracted}). Each running total (and the derived tables together) is one
     * aggregate in a transaction of its own, {@code connections} of them at once: nobody reads the generation before
     * it switches, and a failed rebuild is dropped whole.
     */
    void foldAll(DataSource dataSource, String schema, int connections) throws SQLException {
        inTransaction(dataSource, c -> moveAllRetracted(c, schema));
        List<Callable<Void>> steps = new ArrayList<>();
        for (RunningTotals t : projection.totals()) {
            steps.add(() -> inTransaction(dataSource, c -> totals.all(c, schema, t)));
        }
        steps.add(() -> inTransaction(dataSource, c -> derived.all(c, schema)));
        ExecutorService pool = Executors.newFixedThreadPool(connections, Thread.ofPlatform().name(projection.name() + "-fold-", 1).factory());
        try {
            for (Future<Void> step : pool.invokeAll(steps)) {
                step.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException("folding " + schema + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while folding " + schema, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs {@code work} in a transaction of its own; answers null, to serve as a {@link Callable}. */
    private static Void inTransaction(DataSource dataSource, Transactional work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                // a derived generation (see ProjectionWorker.apply); its indexes are built by sorting in memory
                st.execute("set local synchronous_commit to off");
                st.execute("set local maintenance_work_mem to '256MB'");
            }
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return null;
    }
}
