package io.multivector.projection.readmodel;

import io.multivector.projection.runtime.Grain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Days as ranges of whole periods of the running totals' grains ({@link
 * io.multivector.projection.runtime.RunningTotals#periods}), whose totals add up to the days' exactly: a window as
 * its days up to the first whole month, months up to the first whole year, whole years, then months and days again
 * ({@link #of}: no decades, as an answer by year such as the balance's series reads a window's years); everything up
 * to a day ({@link #upTo}) and a window ({@link #window}) of totals kept at all grains, from the all-time and decade
 * rows as well.
 */
public final class PeriodCover {

    /** The periods of one grain whose first day lies from {@code first} to {@code last}, added ({@code sign} 1) or taken away (-1). */
    public record Range(Grain grain, LocalDate first, LocalDate last, int sign) {
        Range(Grain grain, LocalDate first, LocalDate last) {
            this(grain, first, last, 1);
        }
    }

    /**
     * The rows of {@code table} (as {@code t}) in ranges bound as {@link #args} (then what {@code keyCondition} binds),
     * each beside its range {@code r(grain, first, last, sign)}: sum {@code r.sign * t.column}. Each range is its own
     * index lookup of the key, in a lateral subquery that {@code offset 0} keeps from being flattened into a join: the
     * plan PostgreSQL caches for a prepared statement is generic, blind to how many rows a key has, and for a join it
     * read every row of the key (a busy pair's thousands of day rows) and matched the ranges on them afterwards.
     */
    public static String rowsOf(String table, String columns, String keyCondition) {
        return "unnest(?::text[], ?::text[]::date[], ?::text[]::date[], ?::text[]::int[]) r(grain, first, last, sign)"
                + " cross join lateral (select " + columns + " from " + table + " t where " + keyCondition
                + " and t.grain = r.grain and t.period between r.first and r.last offset 0) t";
    }

    private PeriodCover() {
    }

    /** The four arrays {@link #rowsOf} binds. */
    public static List<Object> args(List<Range> ranges) {
        return List.of(ranges.stream().map(r -> r.grain().name()).toArray(String[]::new),
                ranges.stream().map(r -> r.first().toString()).toArray(String[]::new),
                ranges.stream().map(r -> r.last().toString()).toArray(String[]::new),
                ranges.stream().map(r -> Integer.toString(r.sign())).toArray(String[]::new));
    }

    /**
     * Everything up to {@code to} (included) for totals kept with an all-time grain, as the cheaper of two exact covers:
     * <ul>
     * <li>back: the all-time row less the days after {@code to} in its month, the months after it in its year, the years
     * after it in its decade and the decades after;</li>
     * <li>forth: the all-time row less the decades from {@code to}'s own, plus the years of that decade up to
     * {@code to}, the months of its year up to it and the days of its month up to it.</li>
     * </ul>
     * Both name the decades after {@code to}'s; they differ in the periods below a decade, and the one naming fewer of
     * those that can hold events (none starts after today) is read: as of the end of a decade's first years, forth; as of
     * today, back (one row per key). A few rows per key either way, however long the history.
     */
    public static List<Range> upTo(LocalDate to) {
        List<Range> back = new ArrayList<>();
        back.add(new Range(Grain.T, Grain.ALL_TIME, Grain.ALL_TIME, 1));
        if (!to.isBefore(Grain.LAST)) {
            return back;
        }
        LocalDate month = to.withDayOfMonth(1);
        LocalDate year = to.withDayOfYear(1);
        LocalDate decade = Grain.X.periodOf(to);
        LocalDate nextMonth = month.plusMonths(1);
        LocalDate nextYear = year.plusYears(1);
        LocalDate nextDecade = decade.plusYears(10);
        if (to.plusDays(1).isBefore(nextMonth)) {
            back.add(new Range(Grain.D, to.plusDays(1), nextMonth.minusDays(1), -1));
        }
        if (nextMonth.isBefore(nextYear)) {
            back.add(new Range(Grain.M, nextMonth, nextYear.minusMonths(1), -1));
        }
        if (nextYear.isBefore(nextDecade) && !nextYear.isAfter(Grain.LAST)) {
            back.add(new Range(Grain.Y, nextYear, nextDecade.minusYears(1), -1));
        }
        if (!nextDecade.isAfter(Grain.LAST)) {
            back.add(new Range(Grain.X, nextDecade, Grain.LAST, -1));
        }
        List<Range> forth = new ArrayList<>();
        forth.add(new Range(Grain.T, Grain.ALL_TIME, Grain.ALL_TIME, 1));
        forth.add(new Range(Grain.X, decade, Grain.LAST, -1));
        boolean monthEnds = to.plusDays(1).equals(nextMonth);
        boolean yearEnds = to.plusDays(1).equals(nextYear);
        LocalDate lastYear = yearEnds ? year : year.minusYears(1);
        if (!lastYear.isBefore(decade)) {
            forth.add(new Range(Grain.Y, decade, lastYear, 1));
        }
        if (!yearEnds) {
            LocalDate lastMonth = monthEnds ? month : month.minusMonths(1);
            if (!lastMonth.isBefore(year)) {
                forth.add(new Range(Grain.M, year, lastMonth, 1));
            }
            if (!monthEnds) {
                forth.add(new Range(Grain.D, month, to, 1));
            }
        }
        return rows(forth) < rows(back) ? forth : back;
    }

    /**
     * The days from {@code from} to {@code to}, both included, for totals kept with all-time and decade grains: the
     * cheaper of the window's whole periods ({@link #of}, a row per year of a long window) and what is up to {@code to}
     * less what is up to the day before {@code from} ({@link #upTo} twice, whose all-time rows cancel: a few rows per
     * side however long the window).
     */
    public static List<Range> window(LocalDate from, LocalDate to) {
        List<Range> periods = of(from, to);
        if (to.isBefore(from)) {
            return periods;
        }
        List<Range> difference = new ArrayList<>(upTo(to));
        if (from.isAfter(Grain.ALL_TIME)) {
            difference.remove(new Range(Grain.T, Grain.ALL_TIME, Grain.ALL_TIME, 1));
            for (Range r : upTo(from.minusDays(1))) {
                if (r.grain() != Grain.T) {
                    difference.add(new Range(r.grain(), r.first(), r.last(), -r.sign()));
                }
            }
        }
        return rows(difference) < rows(periods) ? difference : periods;
    }

    /** How many rows a cover may read per key: its periods that start no later than today (none after holds events). */
    private static long rows(List<Range> cover) {
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        long periods = 0;
        for (Range r : cover) {
            LocalDate last = r.last().isAfter(today) ? today : r.last();
            if (last.isBefore(r.first())) {
                continue;
            }
            periods += r.grain().periodsFrom(r.first(), last);
        }
        return periods;
    }

    /**
     * The cover to read: {@code cover} itself from running totals (knownAt null), or, from the contributions of the events
     * known at a time, the same days as one range of the day grain. Each range is a lookup of its own, and from
     * contributions each lookup computes them again, so a cover of several ranges would compute them several times.
     * {@code cover} is a run of days, as {@link #upTo}, {@link #window} and {@link #of} make it.
     */
    public static List<Range> asKnownAt(List<Range> cover, Instant knownAt) {
        if (knownAt == null || cover.isEmpty()) {
            return cover;
        }
        // the count of a day changes only where a range's periods start or end: the run is between two of those
        java.util.TreeSet<LocalDate> bounds = new java.util.TreeSet<>();
        for (Range r : cover) {
            bounds.add(r.grain() == Grain.T ? Grain.ALL_TIME : r.first());
            bounds.add(r.grain().lastDay(r.last()).plusDays(1));
        }
        LocalDate first = null;
        LocalDate last = null;
        for (LocalDate b : bounds) {
            if (b.isAfter(Grain.LAST)) {
                break;
            }
            if (count(cover, b) > 0) {
                first = first == null ? b : first;
                LocalDate next = bounds.higher(b);
                last = next == null || next.isAfter(Grain.LAST) ? Grain.LAST : next.minusDays(1);
            }
        }
        return first == null ? List.of() : List.of(new Range(Grain.D, first, last));
    }

    /** How many times {@code cover} counts {@code day}: the signs of the ranges one of whose periods holds it. */
    private static int count(List<Range> cover, LocalDate day) {
        int n = 0;
        for (Range r : cover) {
            LocalDate period = r.grain().periodOf(day);
            if (!period.isBefore(r.first()) && !period.isAfter(r.last())) {
                n += r.sign();
            }
        }
        return n;
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
                out.add(new Range(Grain.Y, d, d.plusYears(years - 1)));
                d = d.plusYears(years);
            } else if (months > 0) {
                out.add(new Range(Grain.M, d, d.plusMonths(months - 1)));
                d = d.plusMonths(months);
            } else {
                LocalDate next = d.withDayOfMonth(1).plusMonths(1);
                LocalDate stop = next.isBefore(end) ? next : end;
                out.add(new Range(Grain.D, d, stop.minusDays(1)));
                d = stop;
            }
        }
        return out;
    }
}
