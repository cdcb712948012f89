package io.multivector.importer.gdelt;

/** Why a row of an export was not imported; the report counts rows by these. */
public enum SkipReason {
    /** An actor's country or known-group code maps to no actor of the catalogue (or is a region such as EUR or AFR). */
    UNKNOWN_ACTOR("unknown actor code"),
    /** The row codes one actor only (GDELT leaves every Actor2 field empty for many events). */
    MISSING_ACTOR("one actor only"),
    /** Both actors map to the same catalogue actor. */
    SAME_ACTOR("same actor twice"),
    /** SQLDATE is empty or not a day. */
    MISSING_DATE("missing date"),
    /** SOURCEURL is not an http(s) URL the catalogue takes (the coded article is every interaction's source). */
    NO_ARTICLE_URL("no article URL"),
    /** Not 61 tab-separated fields, or a field that is not what the codebook says it is. */
    MALFORMED_LINE("malformed line");

    private final String text;

    SkipReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
