package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.math.BigDecimal;
import java.util.List;

/** One actor gives aid to another. */
public record AidProvided(
        PartialDate occurredOn,
        @ActorCode String donor,
        @ActorCode String recipient,
        @OptionalField @Bounds(min = 0) BigDecimal amountUsd,
        @MaxLength(4000) String purpose,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
