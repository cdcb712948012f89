package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.math.BigDecimal;
import java.util.List;

/** A country holds an election or referendum, with its published results. */
public record ElectionHeld(
        PartialDate occurredOn,
        @ActorCode String country,
        ElectionKind kind,
        @OptionalField String body,
        @OptionalField Boolean early,
        @OptionalField @Bounds(min = 0, max = 100) BigDecimal turnoutPct,
        @Items(min = 1) List<ElectionResult> results,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
