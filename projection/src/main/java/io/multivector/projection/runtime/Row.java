package io.multivector.projection.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row a projection adds for an event. Values may be String, Integer, Long, BigDecimal,
 * Boolean, LocalDate, String[] (text[]) or {@link Json}; the runtime adds {@code event_id}.
 */
public record Row(String table, Map<String, Object> columns) {

    public static Row of(String table) {
        return new Row(table, new LinkedHashMap<>());
    }

    public Row with(String column, Object value) {
        columns.put(column, value);
        return this;
    }

    /** Whether this row names exactly {@code ordered}, in that order (the rows of one COPY do). */
    boolean hasColumns(List<String> ordered) {
        if (columns.size() != ordered.size()) {
            return false;
        }
        int i = 0;
        for (String column : columns.keySet()) {
            if (!column.equals(ordered.get(i++))) {
                return false;
            }
        }
        return true;
    }

    /** Adds this row's values to {@code copy}, in the order of its columns. */
    void copyValues(RowCopy copy) {
        for (Object value : columns.values()) {
            copy.value(value);
        }
    }

    /** A jsonb value. */
    public record Json(String json) {
    }
}
