package io.multivector.projection.runtime;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A table derived per key from every content row of that key, for what no sum can keep: periods, whose ends depend
 * on all the changes of a key in date order, whatever order they arrived in. After each batch the runtime derives
 * again the keys whose rows the batch added or retracted (a few rows each), in the batch's transaction, so the
 * answers read the periods in one indexed lookup and never replay history.
 *
 * @param table  the derived table: the key columns and the derived ones (no {@code event_id})
 * @param keys   text columns of {@code source} and of {@code table} that name a key
 * @param source the content table whose rows the derivation reads
 * @param order  how the rows of one key are ordered for {@code derive} (an SQL order-by list)
 * @param derive the rows of {@code table} for one key, from that key's source rows (column name to value)
 */
public record KeyedDerivation(String table, List<String> keys, String source, String order,
                              Function<List<Map<String, Object>>, List<Row>> derive) {
}
