package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.util.List;

/** A person takes an office of a country. */
public record OfficeAssumed(
        PartialDate occurredOn,
        @ActorCode String country,
        @Matches(regex = Patterns.SLUG, description = "must be a lower-case, hyphenated office such as prime-minister") String office,
        String person,
        @OptionalField String predecessor,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
