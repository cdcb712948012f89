package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.util.List;

/** An earlier event is withdrawn; every effect it had on every read model is undone. */
public record EventRetracted(
        PartialDate occurredOn,
        @Matches(regex = Patterns.UUID, description = Patterns.UUID_TEXT) String eventId,
        @MaxLength(4000) String reason,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
