package io.multivector.importer.gdelt;

import io.multivector.events.reference.ReferenceData;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * CAMEO actor codes as the catalogue's actor codes. A country code (CAMEO uses ISO 3166-1 alpha-3)
 * becomes the state's alpha-2 code; a known-group code becomes one of the catalogue's organisations
 * by {@link #KNOWN_GROUPS}. Anything else (regions such as EUR or AFR, groups the catalogue does not
 * hold) is no actor of the catalogue.
 */
public final class CameoActors {

    /**
     * The CAMEO known-group codes of the organisations the catalogue holds (CAMEO has none for CSTO,
     * EAEU, OTS or ECO). Listed in the README; a code missing here is skipped as unknown, never guessed.
     */
    public static final Map<String, String> KNOWN_GROUPS = Map.of(
            "NAT", "NATO",
            "EEC", "EU",
            "UNO", "UN",
            "CIS", "CIS",
            "SCE", "OSCE",
            "OIC", "OIC",
            "WTO", "WTO");

    /** CAMEO country codes that are not the ISO alpha-3 code of the same state. */
    private static final Map<String, String> CAMEO_ONLY = Map.of("ROM", "RO", "TMP", "TL");

    private final ReferenceData reference;
    private final Map<String, String> alpha2ByAlpha3 = new HashMap<>();

    public CameoActors(ReferenceData reference) {
        this.reference = reference;
        for (String alpha2 : Locale.getISOCountries()) {
            alpha2ByAlpha3.put(Locale.of("", alpha2).getISO3Country(), alpha2);
        }
        alpha2ByAlpha3.putAll(CAMEO_ONLY);
    }

    /**
     * The catalogue actor of a row's country and known-group codes: the country's state when it is one, else
     * the group's organisation (a region such as EUR beside EEC is the EU).
     */
    public Optional<String> actor(String countryCode, String knownGroupCode) {
        String code = alpha2ByAlpha3.get(countryCode);
        if (code == null || !reference.isKnown(code)) {
            code = KNOWN_GROUPS.get(knownGroupCode);
        }
        return code != null && reference.isKnown(code) ? Optional.of(code) : Optional.empty();
    }
}
