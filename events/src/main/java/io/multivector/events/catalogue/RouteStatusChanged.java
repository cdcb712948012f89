package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.math.BigDecimal;
import java.util.List;

/** A route's status, and possibly its capacity, changes. */
public record RouteStatusChanged(
        PartialDate occurredOn,
        @Matches(regex = Patterns.SLUG, description = Patterns.SLUG_TEXT) String routeId,
        RouteStatus status,
        @OptionalField @Bounds(min = 0) BigDecimal capacity,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
