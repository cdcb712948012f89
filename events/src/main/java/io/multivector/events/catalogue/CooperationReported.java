package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.util.List;

/** Cooperation between actors in a domain is reported. */
public record CooperationReported(
        PartialDate occurredOn,
        @ActorCode @Items(min = 2, unique = true) List<String> actors,
        CooperationDomain domain,
        @MaxLength(4000) String summary,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
