package io.multivector.events.catalogue;

import io.multivector.events.PartialDate;
import io.multivector.events.shape.*;

import java.math.BigDecimal;
import java.util.List;

/**
 * One machine-coded interaction from an event dataset (GDELT, ICEWS): what a coder read in an
 * article, kept apart from the curated facts on its own topic. Its dyadic weight is its Goldstein
 * intensity (times a configurable factor).
 *
 * @param dataset        the dataset and its version, e.g. {@code gdelt-2.0}
 * @param datasetEventId the row's id in that dataset (GDELT's GLOBALEVENTID)
 * @param cameoCode      the CAMEO event code as text, keeping its leading zeros ({@code 042})
 * @param quadClass      CAMEO's four classes: 1 verbal and 2 material cooperation, 3 verbal and 4 material conflict
 */
public record InteractionCoded(
        @DayOnly PartialDate occurredOn,
        @MaxLength(40) @Matches(regex = Patterns.DATASET, description = Patterns.DATASET_TEXT) String dataset,
        @MaxLength(100) String datasetEventId,
        @ActorCode String actor1,
        @ActorCode String actor2,
        @Matches(regex = Patterns.CAMEO_CODE, description = Patterns.CAMEO_CODE_TEXT) String cameoCode,
        @Bounds(min = 1, max = 4) Integer quadClass,
        @Bounds(min = -10, max = 10) BigDecimal goldstein,
        @OptionalField @Bounds(min = 0) Integer mentions,
        @Items(min = 1) List<Source> sources
) implements EventData {
}
