package io.multivector.events.catalogue;

import io.multivector.events.shape.Bounds;
import io.multivector.events.shape.OptionalField;

import java.math.BigDecimal;

/** One candidate's or party's result in an election. */
public record ElectionResult(
        String name,
        @OptionalField String party,
        @OptionalField @Bounds(min = 0, max = 100) BigDecimal votePct,
        @OptionalField @Bounds(min = 0) Integer seats,
        @OptionalField Boolean elected
) {
}
