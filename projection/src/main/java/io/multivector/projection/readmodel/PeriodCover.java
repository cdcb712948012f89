package io.multivector.projection.readmodel;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * X: the days up to
 * the first whole month, the months up to the first whole year, the whole years, then months and days again.
 * Their totals add up to the window's exactly.
 */
public final class PeriodCover {

    /** The periods of one grain whose first day lies from {@code first} to {@code last}. */
    public record Range(String grain, LocalDate first, LocalDate last) {
    }

    /** Ranges bound as {@link #args} to a relation {@code r(grain, first, last)}, to join a totals table on. */
    public static final String RELATION = "unnest(?::text[], ?::text[]::date[], ?::text[]::date[]) r(grain, first, last)";

    private PeriodCover() {
    }

    /** The three arrays {@link #RELATION} binds. */
    public static List<Object> args(List<Range> ranges) {
        return List.of(ranges.stream().map(Range::grain).toArray(String[]::new),
                ranges.stream().map(r -> r.first().toString()).toArray(String[]::new),
                ranges.stream().map(r -> r.last().toString()).toArray(String[]::new));
    }

    /** The ranges covering {@code from} to {@code to}, both included; none when {@code to} is before {@code from}. */
    public static List<Range> of(LocalDate from, LocalDate to) {
        List<Range> out = new ArrayList<>();
        LocalDate end = to.plusDays(1);
        LocalDate d = from;
        while (d.isBefore(end)) {
            long years = d.getDayOfYear() == 1 ? ChronoUnit.YEARS.between(d, end) : 0;
            long months = d.getDayOfMonth() == 1
                    ? Math.min(ChronoUnit.MONTHS.between(d, end), ChronoUnit.MONTHS.between(d, d.withDayOfYear(1).plusYears(1))) : 0;
            if (years > 0) {
                out.add(new Range("Y", d, d.plusYears(years - 1)));
                d = d.plusYears(years);
            } else if (months > 0) {
                out.add(new Range("M", d, d.plusMonths(months - 1)));
                d = d.plusMonths(months);
            } else {
                LocalDate next = d.withDayOfMonth(1).plusMonths(1);
                LocalDate stop = next.isBefore(end) ? next : end;
                out.add(new Range("D", d, stop.minusDays(1)));
                d = stop;
            }
        }
        return out;
    }
}
