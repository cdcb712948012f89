package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.math.BigDecimal;
import java.util.List;

/** A source reports the share of an exporter's commodity exports by destination, route or transit country. */
public record ExportShareReported(
        PartialDate occurredOn,
        @ActorCode String exporter,
        @Matches(regex = Patterns.HS_CODE, description = Patterns.HS_CODE_TEXT) String commodity,
        ShareDimension dimension,
        @Matches(regex = Patterns.SHARE_KEY, description = Patterns.SHARE_KEY_TEXT) @MaxLength(64) String key,
        @Bounds(min = 0, max = 1) BigDecimal share,
        @PeriodOnly PartialDate period,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
