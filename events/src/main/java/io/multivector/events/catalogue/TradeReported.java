package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.math.BigDecimal;
import java.util.List;

/** A reporter's trade with a partner over a period; any subset of the figures, which must agree. */
public record TradeReported(
        PartialDate occurredOn,
        @ActorCode String reporter,
        @ActorCode String partner,
        @PeriodOnly PartialDate period,
        @OptionalField @Bounds(min = 0) BigDecimal exportsUsd,
        @OptionalField @Bounds(min = 0) BigDecimal importsUsd,
        @OptionalField @Bounds(min = 0) BigDecimal totalUsd,
        @OptionalField BigDecimal balanceUsd,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
