package io.multivector.relations.rest;

import io.multivector.platform.rest.QueryParameters;
import io.multivector.relations.readmodel.NameSearch;

/** The {@code person} query parameter of the office-holder and election answers. */
public final class PersonParameter {

    /** What the OpenAPI document says of it. */
    public static final String DESCRIPTION = "A name, or part of one in whole words, that the person's recorded name or any other "
            + "spelling recorded for it contains, ignoring case, diacritics and punctuation: `masimov` finds Karim Masimov, "
            + "recorded as also spelled Karim Massimov, and so does `Massimov`; `masim` finds neither. At most 200 characters.";

    private static final int MAX_LENGTH = 200;

    private PersonParameter() {
    }

    /** The search the parameter asks for; null when it is absent; a 400 naming it when it holds nothing to search by. */
    public static NameSearch parse(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_LENGTH) {
            throw QueryParameters.invalid("person", "must be at most " + MAX_LENGTH + " characters");
        }
        return NameSearch.of(value).orElseThrow(() -> QueryParameters.invalid("person", "must hold at least one letter or digit"));
    }
}
