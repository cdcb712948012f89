package io.multivector.projection.runtime;

import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.InvalidEventException;
import io.multivector.events.catalogue.EventRetracted;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Applies a batch of records to one generation of a read model, inside the caller's transaction:
 * content rows, applied-event ids (dedupe), retractions, and the consumed offsets, together.
 * Records that cannot be applied are returned as dead letters; the batch goes on without them.
 */
final class BatchApplier {

    /** A record that could not be applied, and why. */
    record DeadLetter(Incoming record, String reason) {
    }

    private record Decoded(Incoming record, Event event) {
    }

    private final Projection projection;
    private final EventCodec codec;

    BatchApplier(Projection projection, EventCodec codec) {
        this.projection = projection;
        this.codec = codec;
    }

    /**
     * @param recordOffsets false when re-applying a parked record: its offset was passed long ago
     * @param fold          false for a rebuild, which folds and derives everything once it has caught up ({@link #foldAll})
     */
    List<DeadLetter> apply(Connection c, String schema, List<Incoming> batch, boolean recordOffsets, boolean fold) throws SQLException {
        List<DeadLetter> dead = new ArrayList<>();
        List<Decoded> decoded = new ArrayList<>();
        for (Incoming in : batch) {
            try {
                Event e = codec.decode(in.value() == null ? new byte[0] : in.value());
                if (e.id() == null || e.sequence() == null) {
                    dead.add(new DeadLetter(in, "not a stored event: id and sequence are required"));
                    continue;
                }
                decoded.add(new Decoded(in, e));
            } catch (InvalidEventException ex) {
                dead.add(new DeadLetter(in, describe(ex)));
            } catch (RuntimeException ex) {
                dead.add(new DeadLetter(in, "unreadable: " + ex));
            }
        }
        List<UUID> ids = decoded.stream().map(d -> d.event().id()).toList();
        Set<UUID> seen = existing(c, schema, "applied_events", "event_id", ids);
        Set<UUID> retractedBefore = existing(c, schema, "retractions", "retracted_id", ids);
        Map<UUID, List<Row>> rowsByEvent = new LinkedHashMap<>();
        Map<UUID, UUID> retractions = new LinkedHashMap<>();
        List<UUID> applied = new ArrayList<>();
        for (Decoded d : decoded) {
            Event e = d.event();
            if (!seen.add(e.id())) {
                continue; // redelivered or duplicated: already in the read model
            }
            if (e.data() instanceof EventRetracted r) {
                UUID target = UUID.fromString(r.eventId());
                retractions.put(target, e.id());
                rowsByEvent.remove(target);
                applied.add(e.id());
                continue;
            }
            if (retractedBefore.contains(e.id()) || retractions.containsKey(e.id())) {
                applied.add(e.id()); // arrived after its retraction: it adds nothing
                continue;
            }
            try {
                rowsByEvent.put(e.id(), projection.apply(e));
                applied.add(e.id());
            } catch (RuntimeException ex) {
                dead.add(new DeadLetter(d.record(), "projection " + projection.name() + " failed: " + ex));
            }
        }
        if (fold) {
            fold(c, schema, retractions.keySet(), -1);
        }
        Map<KeyedDerivation, Set<List<String>>> touched = fold ? touchedKeys(c, schema, retractions.keySet(), new HashMap<>()) : Map.of();
        deleteRetracted(c, schema, retractions.keySet());
        insertRows(c, schema, rowsByEvent);
        if (fold) {
            fold(c, schema, rowsByEvent.keySet(), 1);
            derive(c, schema, touchedKeys(c, schema, rowsByEvent.keySet(), touched));
        }
        insertIds(c, schema, "insert into %s.applied_events (event_id) select unnest(?::uuid[]) on conflict do nothing", applied);
        if (!retractions.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(("insert into %s.retractions (retracted_id, retraction_id)"
                    + " select * from unnest(?::uuid[], ?::uuid[]) on conflict do nothing").formatted(schema))) {
                ps.setArray(1, c.createArrayOf("uuid", retractions.keySet().toArray()));
                ps.setArray(2, c.createArrayOf("uuid", retractions.values().toArray()));
                ps.executeUpdate();
            }
        }
        if (recordOffsets) {
            recordOffsets(c, schema, batch, decoded);
        }
        if (!applied.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("update %s.model_version set version = version + 1".formatted(schema))) {
                ps.executeUpdate();
            }
        }
        return dead;
    }

    static String describe(InvalidEventException ex) {
        return ex.violations().stream().limit(5).map(v -> (v.pointer().isEmpty() ? "/" : v.pointer()) + ": " + v.message())
                .collect(Collectors.joining("; "));
    }

    private static Set<UUID> existing(Connection c, String schema, String table, String column, List<UUID> ids) throws SQLException {
        Set<UUID> found = new HashSet<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("select %s from %s.%s where %s = any(?)".formatted(column, schema, table, column))) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return found;
    }

    /**
     * Adds ({@code sign} 1) or subtracts (-1) the contributions of the events {@code ids} to every running total,
     * one statement per table with each key once (the batch is summed per key first), keys in order so that two
     * instances folding into the same keys lock them in the same order; then deletes the keys left at zero.
     */
    private void fold(Connection c, String schema, Set<UUID> ids, int sign) throws SQLException {
        if (ids.isEmpty() || projection.totals().isEmpty()) {
            return;
        }
        Array idArray = c.createArrayOf("uuid", ids.toArray());
        for (RunningTotals t : projection.totals()) {
            String keys = String.join(", ", t.keys());
            String sql = "insert into %s.%s as t (%s, %s) select %s, %s from (%s) c group by %s order by %s on conflict (%s) do update set %s returning %s, %s"
                    .formatted(schema, t.table(), keys, String.join(", ", t.sums()), keys,
                            t.sums().stream().map(s -> "trim_scale(sum(" + s + ") * " + sign + ")").collect(Collectors.joining(", ")),
                            contributions(t, schema, "(select unnest(?::uuid[]))"), keys, keys, keys,
                            t.sums().stream().map(s -> s + " = trim_scale(t." + s + " + excluded." + s + ")").collect(Collectors.joining(", ")),
                            keys, t.sums().stream().map(s -> "t." + s + " = 0").collect(Collectors.joining(" and ")));
            List<Object[]> empty = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 1; i <= sql.chars().filter(ch -> ch == '?').count(); i++) {
                    ps.setArray(i, idArray);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getBoolean(t.keys().size() + 1)) {
                            Object[] key = new Object[t.keys().size()];
                            for (int k = 0; k < key.length; k++) {
                                key[k] = rs.getObject(k + 1);
                            }
                            empty.add(key);
                        }
                    }
                }
            }
            if (!empty.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("delete from %s.%s where (%s) = (%s)".formatted(schema, t.table(), keys,
                        String.join(", ", java.util.Collections.nCopies(t.keys().size(), "?"))))) {
                    for (Object[] key : empty) {
                        for (int k = 0; k < key.length; k++) {
                            ps.setObject(k + 1, key[k]);
                        }
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        }
    }

    private static String contributions(RunningTotals t, String schema, String events) {
        return t.contributions().replace("${schema}", schema).replace(RunningTotals.EVENTS, events);
    }

    /**
     * Every running total and derived table from all the generation's rows at once, set-based (one aggregate per
     * table): what a rebuild does when it has caught up, instead of folding batch by batch. Keys whose sums are all
     * zero are left out, as the batch by batch fold deletes them, so both give the same content.
     */
    void foldAll(Connection c, String schema) throws SQLException {
        for (RunningTotals t : projection.totals()) {
            String keys = String.join(", ", t.keys());
            try (Statement st = c.createStatement()) {
                st.execute("delete from %s.%s".formatted(schema, t.table()));
                st.execute("insert into %s.%s (%s, %s) select %s, %s from (%s) c group by %s having not (%s)".formatted(schema, t.table(),
                        keys, String.join(", ", t.sums()), keys,
                        t.sums().stream().map(s -> "trim_scale(sum(" + s + "))").collect(Collectors.joining(", ")),
                        contributions(t, schema, "(select event_id from %s.applied_events)".formatted(schema)), keys,
                        t.sums().stream().map(s -> "sum(" + s + ") = 0").collect(Collectors.joining(" and "))));
            }
        }
        Map<KeyedDerivation, Set<List<String>>> all = new HashMap<>();
        for (KeyedDerivation d : projection.derivations()) {
            Set<List<String>> keys = new java.util.LinkedHashSet<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select distinct %s from %s.%s".formatted(String.join(", ", d.keys()), schema, d.source()))) {
                while (rs.next()) {
                    List<String> key = new ArrayList<>();
                    for (int i = 1; i <= d.keys().size(); i++) {
                        key.add(rs.getString(i));
                    }
                    keys.add(key);
                }
            }
            all.put(d, keys);
        }
        derive(c, schema, all);
    }

    /** Adds to {@code into} the keys of every derivation that rows of the events {@code ids} belong to. */
    private Map<KeyedDerivation, Set<List<String>>> touchedKeys(Connection c, String schema, Set<UUID> ids,
                                                                Map<KeyedDerivation, Set<List<String>>> into) throws SQLException {
        for (KeyedDerivation d : projection.derivations()) {
            Set<List<String>> keys = into.computeIfAbsent(d, k -> new java.util.LinkedHashSet<>());
            if (ids.isEmpty()) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement("select distinct %s from %s.%s where event_id = any(?)"
                    .formatted(String.join(", ", d.keys()), schema, d.source()))) {
                ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<String> key = new ArrayList<>();
                        for (int i = 1; i <= d.keys().size(); i++) {
                            key.add(rs.getString(i));
                        }
                        keys.add(key);
                    }
                }
            }
        }
        return into;
    }

    /** Replaces the derived rows of every touched key with those derived from the key's rows as they are now. */
    private static void derive(Connection c, String schema, Map<KeyedDerivation, Set<List<String>>> touched) throws SQLException {
        for (Map.Entry<KeyedDerivation, Set<List<String>>> e : touched.entrySet()) {
            KeyedDerivation d = e.getKey();
            if (e.getValue().isEmpty()) {
                continue;
            }
            String keys = String.join(", ", d.keys());
            String unnest = "unnest(" + String.join(", ", java.util.Collections.nCopies(d.keys().size(), "?::text[]")) + ")";
            List<Array> columns = new ArrayList<>();
            for (int k = 0; k < d.keys().size(); k++) {
                int column = k;
                columns.add(c.createArrayOf("text", e.getValue().stream().map(key -> key.get(column)).toArray()));
            }
            try (PreparedStatement ps = c.prepareStatement("delete from %s.%s where (%s) in (select * from %s)"
                    .formatted(schema, d.table(), keys, unnest))) {
                for (int k = 0; k < columns.size(); k++) {
                    ps.setArray(k + 1, columns.get(k));
                }
                ps.executeUpdate();
            }
            Map<List<String>, List<Map<String, Object>>> rowsByKey = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("select * from %s.%s where (%s) in (select * from %s) order by %s, %s"
                    .formatted(schema, d.source(), keys, unnest, keys, d.order()))) {
                for (int k = 0; k < columns.size(); k++) {
                    ps.setArray(k + 1, columns.get(k));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    var meta = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            row.put(meta.getColumnLabel(i), v instanceof java.sql.Date date ? date.toLocalDate() : v);
                        }
                        rowsByKey.computeIfAbsent(d.keys().stream().map(k -> (String) row.get(k)).toList(), k -> new ArrayList<>()).add(row);
                    }
                }
            }
            List<Row> derived = new ArrayList<>();
            rowsByKey.values().forEach(rows -> derived.addAll(d.derive().apply(rows)));
            insertDerived(c, schema, derived);
        }
    }

    private static void insertDerived(Connection c, String schema, List<Row> rows) throws SQLException {
        Map<String, List<Row>> byShape = new LinkedHashMap<>();
        rows.forEach(r -> byShape.computeIfAbsent(r.table() + "(" + String.join(",", r.columns().keySet()) + ")", k -> new ArrayList<>()).add(r));
        for (List<Row> shape : byShape.values()) {
            List<String> columns = new ArrayList<>(shape.getFirst().columns().keySet());
            try (PreparedStatement ps = c.prepareStatement("insert into %s.%s (%s) values (%s)".formatted(schema, shape.getFirst().table(),
                    String.join(", ", columns), String.join(", ", java.util.Collections.nCopies(columns.size(), "?"))))) {
                for (Row r : shape) {
                    for (int i = 0; i < columns.size(); i++) {
                        bind(c, ps, i + 1, r.columns().get(columns.get(i)));
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private void deleteRetracted(Connection c, String schema, Set<UUID> retracted) throws SQLException {
        if (retracted.isEmpty()) {
            return;
        }
        Array ids = c.createArrayOf("uuid", retracted.toArray());
        for (String table : projection.contentTables()) {
            try (PreparedStatement ps = c.prepareStatement("delete from %s.%s where event_id = any(?)".formatted(schema, table))) {
                ps.setArray(1, ids);
                ps.executeUpdate();
            }
        }
    }

    private static void insertRows(Connection c, String schema, Map<UUID, List<Row>> rowsByEvent) throws SQLException {
        // One batched statement per table and column list.
        Map<String, List<Map.Entry<UUID, Row>>> byShape = new LinkedHashMap<>();
        rowsByEvent.forEach((id, rows) -> rows.forEach(r ->
                byShape.computeIfAbsent(r.table() + "(" + String.join(",", r.columns().keySet()) + ")", k -> new ArrayList<>())
                        .add(Map.entry(id, r))));
        for (List<Map.Entry<UUID, Row>> rows : byShape.values()) {
            Row first = rows.getFirst().getValue();
            List<String> columns = new ArrayList<>(first.columns().keySet());
            String sql = "insert into %s.%s (event_id, %s) values (?%s)".formatted(schema, first.table(),
                    String.join(", ", columns), ", ?".repeat(columns.size()));
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Map.Entry<UUID, Row> entry : rows) {
                    ps.setObject(1, entry.getKey());
                    for (int i = 0; i < columns.size(); i++) {
                        bind(c, ps, i + 2, entry.getValue().columns().get(columns.get(i)));
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static void bind(Connection c, PreparedStatement ps, int index, Object value) throws SQLException {
        switch (value) {
            case null -> ps.setObject(index, null);
            case Row.Json j -> ps.setObject(index, j.json(), java.sql.Types.OTHER);
            case String[] a -> ps.setArray(index, c.createArrayOf("text", a));
            case LocalDate d -> ps.setObject(index, d);
            default -> ps.setObject(index, value);
        }
    }

    private static void insertIds(Connection c, String schema, String sql, List<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.formatted(schema))) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            ps.executeUpdate();
        }
    }

    /** The next offset per partition, and when its last event was recorded. */
    private static void recordOffsets(Connection c, String schema, List<Incoming> batch, List<Decoded> decoded) throws SQLException {
        record Position(long next, Instant lastEventTime) {
        }
        Map<String, Instant> times = new HashMap<>();
        for (Decoded d : decoded) {
            if (d.event().time() != null) {
                times.merge(d.record().topic() + "\u0000" + d.record().partition(), d.event().time(),
                        (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        Map<String, Position> next = new HashMap<>();
        for (Incoming in : batch) {
            String key = in.topic() + "\u0000" + in.partition();
            next.merge(key, new Position(in.offset() + 1, times.get(key)), (a, b) -> a.next() >= b.next() ? a : b);
        }
        try (PreparedStatement ps = c.prepareStatement(("insert into %s.consumer_offsets (topic, partition, next_offset, last_event_time)"
                + " values (?, ?, ?, ?) on conflict (topic, partition) do update set next_offset = greatest("
                + "consumer_offsets.next_offset, excluded.next_offset), last_event_time = coalesce(excluded.last_event_time,"
                + " consumer_offsets.last_event_time)").formatted(schema))) {
            for (Map.Entry<String, Position> e : next.entrySet()) {
                String[] tp = e.getKey().split("\u0000");
                ps.setString(1, tp[0]);
                ps.setInt(2, Integer.parseInt(tp[1]));
                ps.setLong(3, e.getValue().next());
                ps.setTimestamp(4, e.getValue().lastEventTime() == null ? null : Timestamp.from(e.getValue().lastEventTime()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
