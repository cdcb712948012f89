package io.multivector.projection.runtime;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Keeps a projection's {@link KeyedDerivation} tables: the keys a batch touched, derived again from their rows. */
final class DerivedTables {

    private final Projection projection;

    DerivedTables(Projection projection) {
        this.projection = projection;
    }

    /** Adds to {@code into} the keys of every derivation that rows of the events {@code ids} belong to. */
    Map<KeyedDerivation, Set<List<String>>> touched(Connection c, String schema, Set<UUID> ids,
                                                    Map<KeyedDerivation, Set<List<String>>> into) throws SQLException {
        for (KeyedDerivation d : projection.derivations()) {
            Set<List<String>> keys = into.computeIfAbsent(d, k -> new LinkedHashSet<>());
            if (ids.isEmpty()) {
                continue;
            }
            Array idArray = c.createArrayOf("uuid", ids.toArray());
            for (String source : d.sources()) {
                try (PreparedStatement ps = c.prepareStatement("select distinct %s from %s.%s where event_id = any(?)"
                        .formatted(String.join(", ", d.keys()), schema, source))) {
                    ps.setArray(1, idArray);
                    try (ResultSet rs = ps.executeQuery()) {
                        readKeys(rs, d, keys);
                    }
                }
            }
        }
        return into;
    }

    /**
     * Adds to {@code into} the keys of every derivation that {@code rows}, about to be inserted, belong to: read from
     * the rows themselves, so applying events costs no lookup of their keys.
     */
    Map<KeyedDerivation, Set<List<String>>> touched(Iterable<Row> rows, Map<KeyedDerivation, Set<List<String>>> into) {
        for (KeyedDerivation d : projection.derivations()) {
            Set<List<String>> keys = into.computeIfAbsent(d, k -> new LinkedHashSet<>());
            for (Row r : rows) {
                if (d.sources().contains(r.table())) {
                    keys.add(d.keys().stream().map(k -> (String) r.columns().get(k)).toList());
                }
            }
        }
        return into;
    }

    /** Adds the keys of {@code d} that {@code rs} lists (its first columns) to {@code into}. */
    private static void readKeys(ResultSet rs, KeyedDerivation d, Set<List<String>> into) throws SQLException {
        while (rs.next()) {
            List<String> key = new ArrayList<>();
            for (int i = 1; i <= d.keys().size(); i++) {
                key.add(rs.getString(i));
            }
            into.add(key);
        }
    }

    /** Replaces the derived rows of every touched key with those derived from the key's rows as they are now. */
    void derive(Connection c, String schema, Map<KeyedDerivation, Set<List<String>>> touched) throws SQLException {
        for (Map.Entry<KeyedDerivation, Set<List<String>>> e : touched.entrySet()) {
            KeyedDerivation d = e.getKey();
            if (e.getValue().isEmpty()) {
                continue;
            }
            String keys = String.join(", ", d.keys());
            String unnest = "unnest(" + String.join(", ", Collections.nCopies(d.keys().size(), "?::text[]")) + ")";
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
            List<Row> derived;
            try (PreparedStatement ps = c.prepareStatement(d.select("(%s) in (select * from %s)".formatted(keys, unnest))
                    .replace("${schema}", schema))) {
                for (int k = 0; k < columns.size(); k++) {
                    ps.setArray(k + 1, columns.get(k));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    derived = d.derivedFrom(rs);
                }
            }
            insert(c, schema, derived);
        }
    }

    private static void insert(Connection c, String schema, List<Row> rows) throws SQLException {
        RowShapes<Row> shapes = new RowShapes<>();
        rows.forEach(r -> shapes.add(r, r));
        for (RowShapes.Shape<Row> shape : shapes.shapes()) {
            RowCopy copy = new RowCopy(schema, shape.table(), shape.columns());
            for (Row r : shape.rows()) {
                r.copyValues(copy);
                copy.endRow();
            }
            copy.send(c);
        }
    }

    /** Every key of every derived table, from all the generation's rows: what a rebuild does when it has caught up. */
    void all(Connection c, String schema) throws SQLException {
        Map<KeyedDerivation, Set<List<String>>> all = new HashMap<>();
        for (KeyedDerivation d : projection.derivations()) {
            Set<List<String>> keys = new LinkedHashSet<>();
            for (String source : d.sources()) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("select distinct %s from %s.%s".formatted(String.join(", ", d.keys()), schema, source))) {
                    readKeys(rs, d, keys);
                }
            }
            all.put(d, keys);
        }
        derive(c, schema, all);
    }
}
