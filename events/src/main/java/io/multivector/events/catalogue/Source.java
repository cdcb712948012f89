package io.multivector.events.catalogue;

import io.multivector.events.shape.Matches;
import io.multivector.events.shape.MaxLength;
import io.multivector.events.shape.OptionalField;

/** Where a fact comes from: a document reference, what it says (paraphrased), and where to read it. */
public record Source(
        @MaxLength(300) String ref,
        @OptionalField @MaxLength(2000) String note,
        @OptionalField @MaxLength(2000) @Matches(regex = Patterns.URL, description = Patterns.URL_TEXT) String url
) {
}
