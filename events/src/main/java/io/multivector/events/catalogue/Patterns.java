package io.multivector.events.catalogue;

/** Wire patterns shared by several event types. */
final class Patterns {
    static final String SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$";
    static final String SLUG_TEXT = "must be a lower-case slug of letters, digits and hyphens, such as eu-kz-epca-2015";
    static final String HS_CODE = "^[0-9]{4}([0-9]{2})?$";
    static final String HS_CODE_TEXT = "must be a Harmonized System code of 4 or 6 digits, such as 2709";
    static final String UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    static final String UUID_TEXT = "must be a UUID";
    /*
     * No white space, as ECMA-262 (the regex dialect of JSON Schema) defines \s: java.util.regex's
     * \s is ASCII only, so the Unicode spaces are listed too, and the pattern means the same in both.
     */
    static final String URL = "^https?://[^\\s\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]+$";
    static final String URL_TEXT = "must be an http(s) URL";
    static final String SHARE_KEY = "^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$";
    static final String SHARE_KEY_TEXT = "must be an actor code or a route id";

    static final String DATASET = "^[a-z0-9]+([.-][a-z0-9]+)*$";
    static final String DATASET_TEXT = "must name a dataset and its version in lower case, such as gdelt-2.0";
    static final String CAMEO_CODE = "^[0-9]{2,4}$";
    static final String CAMEO_CODE_TEXT = "must be a CAMEO event code of 2 to 4 digits, such as 042";

    private Patterns() {
    }
}
