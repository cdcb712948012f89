package io.multivector.importer.gdelt;

/**
 * The columns of a GDELT 2.0 event export that the import reads, by their zero-based position among
 * the 61 tab-separated fields of the GDELT 2.0 event codebook (the same order in the BigQuery table).
 */
final class GdeltColumns {

    /** Every row of a GDELT 2.0 event export has exactly this many fields. */
    static final int COUNT = 61;

    static final int GLOBAL_EVENT_ID = 0;
    /** The day the event happened, YYYYMMDD. */
    static final int SQL_DATE = 1;
    /** The actor's full CAMEO code (e.g. KAZGOV, or GOV alone when no country was coded); empty when none was. */
    static final int ACTOR1_CODE = 5;
    static final int ACTOR1_COUNTRY_CODE = 7;
    static final int ACTOR1_KNOWN_GROUP_CODE = 8;
    static final int ACTOR2_CODE = 15;
    static final int ACTOR2_COUNTRY_CODE = 17;
    static final int ACTOR2_KNOWN_GROUP_CODE = 18;
    /** The full CAMEO event code, with its leading zero (e.g. 042). */
    static final int EVENT_CODE = 26;
    static final int QUAD_CLASS = 29;
    static final int GOLDSTEIN_SCALE = 30;
    static final int NUM_MENTIONS = 31;
    static final int SOURCE_URL = 60;

    private GdeltColumns() {
    }
}
