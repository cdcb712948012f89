package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.util.List;

/** A host gathers the leaders of several actors. */
public record SummitHeld(
        PartialDate occurredOn,
        @ActorCode String host,
        @ActorCode @Items(min = 2, unique = true) List<String> participants,
        String title,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
