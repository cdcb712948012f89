package io.multivector.importer.gdelt;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * Writes one row of a GDELT 2.0 event export, field by field as the codebook lays it out, for files
 * made by tests and the bench (no GDELT data is copied in). Fields not set stay empty, as GDELT
 * leaves what it could not code.
 */
public final class GdeltExportRow {

    private final String[] fields = new String[GdeltColumns.COUNT];

    private GdeltExportRow() {
        Arrays.fill(fields, "");
    }

    /** A row between two countries' governments (CAMEO country codes, ISO alpha-3; empty: no actor) with a plausible rest. */
    public static GdeltExportRow of(long globalEventId, LocalDate day, String country1, String country2) {
        GdeltExportRow r = new GdeltExportRow();
        r.fields[GdeltColumns.GLOBAL_EVENT_ID] = Long.toString(globalEventId);
        r.day(day);
        r.fields[2] = day.format(DateTimeFormatter.ofPattern("yyyyMM"));
        r.fields[3] = Integer.toString(day.getYear());
        r.government(GdeltColumns.ACTOR1_CODE, country1);
        r.government(GdeltColumns.ACTOR2_CODE, country2);
        r.fields[25] = "1";
        r.event("042", 1, "1.9");
        r.fields[GdeltColumns.NUM_MENTIONS] = "10";
        r.fields[32] = "1";
        r.fields[33] = "10";
        r.fields[34] = "2.5";
        r.fields[59] = day.format(DateTimeFormatter.BASIC_ISO_DATE) + "120000";
        r.fields[GdeltColumns.SOURCE_URL] = "https://news.example.org/" + globalEventId;
        return r;
    }

    /** An actor that is a country's government (code, name, country, type), or no actor at all for an empty country. */
    private void government(int codeColumn, String country) {
        if (!country.isEmpty()) {
            fields[codeColumn] = country + "GOV";
            fields[codeColumn + 1] = country;
            fields[codeColumn + 2] = country;
            fields[codeColumn + 7] = "GOV";
        }
    }

    public GdeltExportRow day(LocalDate day) {
        return set(GdeltColumns.SQL_DATE, day == null ? "" : day.format(DateTimeFormatter.BASIC_ISO_DATE));
    }

    /** The CAMEO event code (its base and root codes follow from it), quad class and Goldstein value. */
    public GdeltExportRow event(String cameoCode, int quadClass, String goldstein) {
        set(GdeltColumns.EVENT_CODE, cameoCode);
        set(27, cameoCode.length() > 3 ? cameoCode.substring(0, 3) : cameoCode);
        set(28, cameoCode.substring(0, 2));
        set(GdeltColumns.QUAD_CLASS, Integer.toString(quadClass));
        return set(GdeltColumns.GOLDSTEIN_SCALE, goldstein);
    }

    /** Actor 1's country and known-group codes, its actor code made of them (empty when both are). */
    public GdeltExportRow actor1(String countryCode, String knownGroupCode) {
        set(GdeltColumns.ACTOR1_CODE, countryCode + knownGroupCode);
        set(GdeltColumns.ACTOR1_COUNTRY_CODE, countryCode);
        return set(GdeltColumns.ACTOR1_KNOWN_GROUP_CODE, knownGroupCode);
    }

    public GdeltExportRow actor2(String countryCode, String knownGroupCode) {
        set(GdeltColumns.ACTOR2_CODE, countryCode + knownGroupCode);
        set(GdeltColumns.ACTOR2_COUNTRY_CODE, countryCode);
        return set(GdeltColumns.ACTOR2_KNOWN_GROUP_CODE, knownGroupCode);
    }

    public GdeltExportRow mentions(String mentions) {
        return set(GdeltColumns.NUM_MENTIONS, mentions);
    }

    public GdeltExportRow sourceUrl(String url) {
        return set(GdeltColumns.SOURCE_URL, url);
    }

    /** Any field by its codebook position (0-60). */
    public GdeltExportRow set(int column, String value) {
        fields[column] = value;
        return this;
    }

    /** The row as the export writes it: the 61 fields joined by tabs, no line end. */
    public String line() {
        return String.join("\t", fields);
    }
}
