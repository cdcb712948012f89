package io.multivector.projection.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows grouped by table and by the columns they name, in order: the rows of one COPY ({@link RowCopy}). A table's
 * rows nearly always name the same columns in the same order (one projection's code built them), so a row is
 * compared with its table's shapes column by column, and the rare row that differs starts a shape of its own.
 *
 * @param <T> what the caller keeps with each row
 */
final class RowShapes<T> {

    /** The rows of one table that name {@code columns}, in that order. */
    record Shape<T>(String table, List<String> columns, List<T> rows) {
    }

    private final Map<String, List<Shape<T>>> byTable = new LinkedHashMap<>();

    void add(Row row, T kept) {
        List<Shape<T>> shapes = byTable.computeIfAbsent(row.table(), t -> new ArrayList<>(1));
        for (Shape<T> shape : shapes) {
            if (row.hasColumns(shape.columns())) {
                shape.rows().add(kept);
                return;
            }
        }
        Shape<T> shape = new Shape<>(row.table(), List.copyOf(row.columns().keySet()), new ArrayList<>());
        shape.rows().add(kept);
        shapes.add(shape);
    }

    List<Shape<T>> shapes() {
        return byTable.values().stream().flatMap(List::stream).toList();
    }
}
