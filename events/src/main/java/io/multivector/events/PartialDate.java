package io.multivector.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * A date known to the precision a source gives: a year, a month or a day. The precision is kept;
 * for as-of and range questions the date counts from the first day of the period it names.
 */
public record PartialDate(int year, Integer month, Integer day) implements Comparable<PartialDate> {

    /** Shape of the wire form; whether the day exists in that month is checked by {@link #parse}. */
    public static final String PATTERN = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";
    /** Year or year-month only, for reporting periods. */
    public static final String PERIOD_PATTERN = "^[0-9]{4}(-(0[1-9]|1[0-2]))?$";
    /** A day: what machine-coded datasets give. */
    public static final String DAY_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

    public enum Precision { YEAR, MONTH, DAY }

    public PartialDate {
        if (day != null && month == null) {
            throw new IllegalArgumentException("a day needs a month");
        }
        try {
            if (day != null) {
                LocalDate.of(year, month, day);
            } else if (month != null) {
                YearMonth.of(year, month);
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a calendar date: " + e.getMessage(), e);
        }
    }

    /** Parses {@code YYYY}, {@code YYYY-MM} or {@code YYYY-MM-DD}; rejects dates that do not exist (2015-02-30). */
    @JsonCreator
    public static PartialDate parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a date is required");
        }
        int length = text.length();
        int year = length == 4 || length == 7 || length == 10 ? AsciiDigits.read(text, 0, 4) : -1;
        Integer month = length >= 7 && text.charAt(4) == '-' ? AsciiDigits.read(text, 5, 7) : null;
        Integer day = length == 10 && text.charAt(7) == '-' ? AsciiDigits.read(text, 8, 10) : null;
        // the shape of PATTERN, read by hand: a regular expression was a few percent of a projector's decoding
        if (year < 0 || (length >= 7 && (month == null || month < 1 || month > 12)) || (length == 10 && (day == null || day < 1 || day > 31))) {
            throw new IllegalArgumentException("'" + text + "' is not YYYY, YYYY-MM or YYYY-MM-DD");
        }
        try {
            return new PartialDate(year, month, day);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a calendar date", e);
        }
    }

    public static PartialDate of(LocalDate date) {
        return new PartialDate(date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }

    public Precision precision() {
        return day != null ? Precision.DAY : month != null ? Precision.MONTH : Precision.YEAR;
    }

    /** The first day of the period this date names: when an event dated so starts to count. */
    public LocalDate firstDay() {
        return LocalDate.of(year, month == null ? 1 : month, day == null ? 1 : day);
    }

    /** The last day of the period this date names: the end of a {@code to} or {@code asOf} bound. */
    public LocalDate lastDay() {
        if (day != null) {
            return LocalDate.of(year, month, day);
        }
        if (month != null) {
            return YearMonth.of(year, month).atEndOfMonth();
        }
        return LocalDate.of(year, 12, 31);
    }

    @Override
    public int compareTo(PartialDate other) {
        return firstDay().compareTo(other.firstDay());
    }

    @JsonValue
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(10).append(String.format("%04d", year));
        if (month != null) {
            s.append(String.format("-%02d", month));
        }
        if (day != null) {
            s.append(String.format("-%02d", day));
        }
        return s.toString();
    }
}
