package io.multivector.projection.runtime;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A table derived per key from every content row of that key, for what no sum can keep: periods, whose ends depend
 * on all the changes of a key in date order, whatever order they arrived in. After each batch the runtime derives
 * again the keys whose rows the batch added or retracted (a few rows each), in the batch's transaction, so the
 * answers read the periods in one indexed lookup and never replay history.
 *
 * @param table   the derived table: the key columns and the derived ones (no {@code event_id})
 * @param keys    text columns of every source and of {@code table} that name a key
 * @param sources the content tables whose rows a key is derived from: adding or retracting a row of any derives its key again
 * @param rows    the relation {@code derive} reads, naming the sources as {@code ${schema}.table}: one source itself, or a join
 *                of several (a key's rows from each)
 * @param order   how the rows of one key are ordered for {@code derive} (an SQL order-by list)
 * @param derive  the rows of {@code table} for one key, from that key's rows of {@code rows} (column name to value)
 */
public record KeyedDerivation(String table, List<String> keys, List<String> sources, String rows, String order,
                              Function<List<Map<String, Object>>, List<Row>> derive) {

    /** A derivation from the rows of one content table. */
    public KeyedDerivation(String table, List<String> keys, String source, String order, Function<List<Map<String, Object>>, List<Row>> derive) {
        this(table, keys, List.of(source), "select * from ${schema}." + source, order, derive);
    }

    /** The SQL (naming tables as {@code ${schema}.table}) that lists the rows meeting {@code condition}, for {@link #derivedFrom}. */
    public String select(String condition) {
        String keyList = String.join(", ", keys);
        return "select * from (%s) s where %s order by %s, %s".formatted(rows, condition, keyList, order);
    }

    /** The derived rows of every key in {@code rs}, a result of {@link #select}. */
    public List<Row> derivedFrom(ResultSet rs) throws SQLException {
        Map<List<String>, List<Map<String, Object>>> rowsByKey = new LinkedHashMap<>();
        ResultSetMetaData meta = rs.getMetaData();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                Object v = rs.getObject(i);
                // as a Row holds them, so a derived row can carry a source row's date or text[] on
                row.put(meta.getColumnLabel(i), switch (v) {
                    case java.sql.Date date -> date.toLocalDate();
                    case java.sql.Array array -> array.getArray();
                    case null, default -> v;
                });
            }
            rowsByKey.computeIfAbsent(keys.stream().map(k -> (String) row.get(k)).toList(), k -> new ArrayList<>()).add(row);
        }
        List<Row> derived = new ArrayList<>();
        rowsByKey.values().forEach(rows -> derived.addAll(derive.apply(rows)));
        return derived;
    }
}
