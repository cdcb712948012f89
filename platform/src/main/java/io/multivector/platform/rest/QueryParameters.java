package io.multivector.platform.rest;

import io.multivector.events.PartialDate;
import io.multivector.events.Violation;
import io.multivector.events.reference.ReferenceData;
import io.multivector.platform.problem.Problem;
import io.multivector.platform.problem.ProblemException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Reading query parameters the same way in every service; a bad one is a 400 naming it. */
public final class QueryParameters {

    public static final int DEFAULT_LIMIT = 100;

    /** What every read says of its {@code knownAt} parameter (OpenAPI). */
    public static final String KNOWN_AT = "as known at a recorded time: an RFC 3339 instant (2024-03-31T12:00:00Z) or a date (YYYY,"
            + " YYYY-MM, YYYY-MM-DD: the end of its last day UTC), never in the future. Only events recorded at or before it count,"
            + " and a retraction only if it was recorded at or before it. Default: what is known now, read from maintained totals;"
            + " a given knownAt reads the per-event rows of the actor, pair, exporter or key asked about (and of the retracted"
            + " events kept aside), so it costs what their history holds.";

    private QueryParameters() {
    }

    /** A bad path segment, named as {@code /path/<name>}. */
    public static ProblemException invalidPath(String parameter, String message) {
        return new ProblemException(Problem.invalid("path parameter '" + parameter + "' " + message,
                List.of(new Violation("/path/" + parameter, message))));
    }

    /** An actor code the reference data knows; {@code where} is "path" or "query". */
    public static String actor(String where, String parameter, String code, ReferenceData reference) {
        if (code == null || !reference.isKnown(code)) {
            String message = code == null ? "is required" : "'" + (code.length() > 40 ? code.substring(0, 40) : code)
                    + "' is not a known actor code";
            throw "path".equals(where) ? invalidPath(parameter, message) : invalid(parameter, message);
        }
        return code;
    }

    /** {@code asOf}: the last day of the period named; today when absent. */
    public static LocalDate asOf(String value) {
        LocalDate d = endOf("asOf", value);
        return d == null ? LocalDate.now(java.time.ZoneOffset.UTC) : d;
    }

    /**
     * {@code knownAt}: an RFC 3339 instant, or a date (YYYY, YYYY-MM, YYYY-MM-DD) meaning the end of its last day UTC;
     * null when absent (what is known now). Never in the future: nothing recorded later can be known at it.
     */
    public static Instant knownAt(String value) {
        Instant at = instant("knownAt", value, true);
        if (at != null && at.isAfter(Instant.now())) {
            throw invalid("knownAt", "'" + value + "' is in the future (it means " + at + "); omit knownAt for what is known now");
        }
        return at;
    }

    /**
     * A recorded time: an RFC 3339 instant, or a date (YYYY, YYYY-MM, YYYY-MM-DD) meaning the start of its first day UTC,
     * or with {@code end} the end of its last day (to the microsecond PostgreSQL keeps); null when absent.
     */
    public static Instant instant(String parameter, String value, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.contains("T")) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw invalid(parameter, "must be an RFC 3339 instant (2024-03-31T12:00:00Z) or a date (YYYY, YYYY-MM, YYYY-MM-DD)");
            }
        }
        return end ? endOf(parameter, value).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minus(1, ChronoUnit.MICROS)
                : startOf(parameter, value).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The {@code knownAt} an answer echoes: the one asked for, else now. */
    public static Instant knownAtUsed(Instant knownAt) {
        return knownAt != null ? knownAt : Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public static ProblemException invalid(String parameter, String message) {
        return new ProblemException(Problem.invalid("query parameter '" + parameter + "' " + message,
                List.of(new Violation("/query/" + parameter, message))));
    }

    /** {@code from}: the first day of the period named ({@code 2015} → 2015-01-01); null when absent. */
    public static LocalDate startOf(String parameter, String value) {
        return value == null || value.isBlank() ? null : date(parameter, value).firstDay();
    }

    /** {@code to} and {@code asOf}: the last day of the period named ({@code 2015} → 2015-12-31); null when absent. */
    public static LocalDate endOf(String parameter, String value) {
        return value == null || value.isBlank() ? null : date(parameter, value).lastDay();
    }

    private static PartialDate date(String parameter, String value) {
        try {
            return PartialDate.parse(value);
        } catch (IllegalArgumentException e) {
            throw invalid(parameter, "must be YYYY, YYYY-MM or YYYY-MM-DD (" + e.getMessage() + ")");
        }
    }

    /** A page size: default {@value #DEFAULT_LIMIT}, at most {@code max}. */
    public static int limit(String value, int max) {
        Integer n = integer("limit", value);
        if (n == null) {
            return Math.min(DEFAULT_LIMIT, max);
        }
        if (n < 1 || n > max) {
            throw invalid("limit", "must be between 1 and " + max);
        }
        return n;
    }

    /**
     * An integer query parameter, or null when absent. Taken as text and parsed here: a parameter
     * JAX-RS fails to convert is a 404 without a pointer, where this is a 400 naming it.
     */
    public static Integer integer(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(parameter, "must be a whole number, not '" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'");
        }
    }

    /** A keyset cursor as handed out in {@code next}: a non-negative number; 0 when absent. */
    public static long after(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        if (!value.matches("[0-9]{1,18}")) {
            throw invalid("after", "must be the 'next' value of an earlier page");
        }
        return Long.parseLong(value);
    }

    public static void checkRange(LocalDate from, LocalDate to) {
        if (from != null && to != null && to.isBefore(from)) {
            throw invalid("to", "must not be before 'from'");
        }
    }
}
