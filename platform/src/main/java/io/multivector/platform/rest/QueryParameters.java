package io.multivector.platform.rest;

import io.multivector.events.PartialDate;
import io.multivector.events.Violation;
import io.multivector.events.reference.ReferenceData;
import io.multivector.platform.problem.Problem;
import io.multivector.platform.problem.ProblemException;

import java.time.LocalDate;
import java.util.List;

/** Reading query parameters the same way in every service; a bad one is a 400 naming it. */
public final class QueryParameters {

    public static final int DEFAULT_LIMIT = 100;

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
