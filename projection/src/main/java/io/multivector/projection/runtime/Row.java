package io.multivector.projection.runtime;

import java.util.LinkedHashMap;
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

    /** A jsonb value. */
    public record Json(String json) {
    }
}
