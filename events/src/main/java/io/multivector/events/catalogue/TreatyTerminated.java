package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.util.List;

/** A treaty ends, or one party withdraws from it. */
public record TreatyTerminated(
        PartialDate occurredOn,
        @Matches(regex = Patterns.SLUG, description = Patterns.SLUG_TEXT) String treatyId,
        @OptionalField @ActorCode String party,
        @OptionalField @MaxLength(4000) String reason,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
