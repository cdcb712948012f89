package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.math.BigDecimal;
import java.util.List;

/** A quantity of a commodity is delivered from an exporter to an importer, possibly over a known route. */
public record ShipmentDelivered(
        PartialDate occurredOn,
        @ActorCode String exporter,
        @ActorCode String importer,
        @Matches(regex = Patterns.HS_CODE, description = Patterns.HS_CODE_TEXT) String commodity,
        @Bounds(min = 0, exclusiveMin = true) BigDecimal quantity,
        QuantityUnit unit,
        @OptionalField @Bounds(min = 0) BigDecimal valueUsd,
        @OptionalField @Matches(regex = Patterns.SLUG, description = Patterns.SLUG_TEXT) String routeId,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
