package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.util.List;

/** Armed forces of several actors exercise together (count: how many exercises the fact covers). */
public record ExerciseHeld(
        PartialDate occurredOn,
        @ActorCode @Items(min = 2, unique = true) List<String> participants,
        ExerciseKind kind,
        @OptionalField String name,
        @OptionalField @Bounds(min = 1) Integer count,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
