package io.multivector.events.catalogue;

import io.multivector.events.shape.Bounds;
import io.multivector.events.shape.Items;
import io.multivector.events.shape.OptionalField;

import java.math.BigDecimal;
import java.util.List;

/**
 * One candidate's or party's result in an election. {@code name} is as the cited source spells it; {@code alsoSpelled}
 * lists other spellings of the same candidate or party, so a search by any of them finds the election.
 */
public record ElectionResult(
        String name,
        @OptionalField @Items(min = 1, unique = true) List<String> alsoSpelled,
        @OptionalField String party,
        @OptionalField @Bounds(min = 0, max = 100) BigDecimal votePct,
        @OptionalField @Bounds(min = 0) Integer seats,
        @OptionalField Boolean elected
) {
}
