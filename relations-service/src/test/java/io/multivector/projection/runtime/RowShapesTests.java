package io.multivector.projection.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** The rows of one COPY: {@link RowShapes}. */
class RowShapesTests {

    @Test
    void rowsNamingOtherColumnsOrTheSameInAnotherOrderAreShapesOfTheirOwn() {
        RowShapes<String> shapes = new RowShapes<>();
        shapes.add(Row.of("x").with("n", 1).with("t", "a"), "first");
        shapes.add(Row.of("y").with("n", 1).with("t", "a"), "other table");
        shapes.add(Row.of("x").with("n", 2).with("t", "b"), "second");
        shapes.add(Row.of("x").with("t", "c").with("n", 3), "reordered");
        shapes.add(Row.of("x").with("n", 4), "fewer");
        shapes.add(Row.of("x").with("n", 5).with("t", "e").with("small", 1), "more");
        assertThat(shapes.shapes()).extracting(RowShapes.Shape::table, RowShapes.Shape::columns, RowShapes.Shape::rows).containsExactly(
                tuple("x", List.of("n", "t"), List.of("first", "second")),
                tuple("x", List.of("t", "n"), List.of("reordered")),
                tuple("x", List.of("n"), List.of("fewer")),
                tuple("x", List.of("n", "t", "small"), List.of("more")),
                tuple("y", List.of("n", "t"), List.of("other table")));
    }
}
