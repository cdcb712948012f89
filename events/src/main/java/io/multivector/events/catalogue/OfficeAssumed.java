package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.util.List;

/**
 * A person takes an office of a country. {@code person} is the name as the cited source spells it;
 * {@code personAlsoSpelled} lists other spellings of the same person (transliterations), so a search by any of them finds the term.
 */
public record OfficeAssumed(
        PartialDate occurredOn,
        @ActorCode String country,
        @Matches(regex = Patterns.SLUG, description = "must be a lower-case, hyphenated office such as prime-minister") String office,
        String person,
        @OptionalField @Items(min = 1, unique = true) List<String> personAlsoSpelled,
        @OptionalField String predecessor,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
