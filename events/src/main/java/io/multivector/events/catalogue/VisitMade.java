package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.util.List;

/** A person representing one actor visits another. */
public record VisitMade(
        PartialDate occurredOn,
        String visitor,
        @ActorCode String visitorActor,
        @ActorCode String host,
        @OptionalField String place,
        @OptionalField @MaxLength(4000) String purpose,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
