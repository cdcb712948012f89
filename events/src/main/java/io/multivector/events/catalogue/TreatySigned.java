package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.util.List;

/** Parties sign a treaty or agreement. */
public record TreatySigned(
        PartialDate occurredOn,
        @Matches(regex = Patterns.SLUG, description = Patterns.SLUG_TEXT) String treatyId,
        String title,
        TreatyKind kind,
        @ActorCode @Items(min = 2, unique = true) List<String> parties,
        @OptionalField String place,
        @OptionalField PartialDate inForceFrom,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
