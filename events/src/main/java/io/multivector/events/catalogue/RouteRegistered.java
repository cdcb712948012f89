package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.math.BigDecimal;
import java.util.List;

/** A trade or energy route becomes known, with its geography, capacity and status. */
public record RouteRegistered(
        PartialDate occurredOn,
        @Matches(regex = Patterns.SLUG, description = Patterns.SLUG_TEXT) String routeId,
        String name,
        RouteKind kind,
        @ActorCode String origin,
        @OptionalField @ActorCode String destination,
        @ActorCode @Items(unique = true) List<String> transit,
        @OptionalField @Bounds(min = 0, exclusiveMin = true) BigDecimal lengthKm,
        @OptionalField @Bounds(min = 0) BigDecimal capacity,
        @OptionalField @MaxLength(32) String capacityUnit,
        @OptionalField String operator,
        RouteStatus status,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
