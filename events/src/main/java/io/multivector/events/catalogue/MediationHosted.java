package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.util.List;

/** An actor hosts talks between parties to a dispute. */
public record MediationHosted(
        PartialDate occurredOn,
        @ActorCode String host,
        @ActorCode @Items(min = 1, unique = true) List<String> parties,
        @MaxLength(4000) String topic,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
