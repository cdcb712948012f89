package io.multivector.events.catalogue;

/** Wire patterns shared by several event types. */
final class Patterns {
    static final String SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$";
    static final String SLUG_TEXT = "must be a lower-case slug of letters, digits and hyphens, such as eu-kz-epca-2015";
    static final String HS_CODE = "^[0-9]{4}([0-9]{2})?$";
    static final String HS_CODE_TEXT = "must be a Harmonized System code of 4 or 6 digits, such as 2709";
    static final String UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    static final String UUID_TEXT = "must be a UUID";
    static final String URL = "^https?://[^\\s]+$";
    static final String URL_TEXT = "must be an http(s) URL";
    static final String SHARE_KEY = "^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$";
    static final String SHARE_KEY_TEXT = "must be an actor code or a route id";

    private Patterns() {
    }
}
