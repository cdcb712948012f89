package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.util.List;

/** One actor lifts sanctions it had imposed on another. */
public record SanctionsLifted(
        PartialDate occurredOn,
        @ActorCode String imposer,
        @ActorCode String target,
        @MaxLength(4000) String scope,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
