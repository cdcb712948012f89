package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.util.List;

/** One actor speaks about another. */
public record StatementMade(
        PartialDate occurredOn,
        @ActorCode String speaker,
        @ActorCode String target,
        Stance stance,
        @MaxLength(4000) String summary,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
