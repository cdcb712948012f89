package io.multivector.projection.runtime;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The periods running totals are kept at ({@link RunningTotals#periods}), each period named by its first day: a
 * contribution adds to one period of every grain, and an answer reads whole periods
 * ({@link io.multivector.projection.readmodel.PeriodCover}).
 */
public enum Grain {
    /** All time: one period, named 0001-01-01. */
    T("date '0001-01-01'"),
    /** A decade, from a year ending in 0. */
    X("date_trunc('decade', %1$s)::date"),
    Y("date_trunc('year', %1$s)::date"),
    M("date_trunc('month', %1$s)::date"),
    D("%1$s");

    /** The first day of the all-time period, and the last first day any period can have. */
    public static final LocalDate ALL_TIME = LocalDate.of(1, 1, 1);
    public static final LocalDate LAST = LocalDate.of(9999, 12, 31);

    private final String sql;

    Grain(String sql) {
        this.sql = sql;
    }

    /** The first day of the period holding {@code day}, as SQL over a date expression {@code day}. */
    String sqlPeriodOf(String day) {
        return sql.formatted(day);
    }

    /** The first day of the period holding {@code day}. */
    public LocalDate periodOf(LocalDate day) {
        return switch (this) {
            case T -> ALL_TIME;
            case X -> LocalDate.of(day.getYear() - Math.floorMod(day.getYear(), 10), 1, 1);
            case Y -> day.withDayOfYear(1);
            case M -> day.withDayOfMonth(1);
            case D -> day;
        };
    }

    /** The last day of the period named {@code period}. */
    public LocalDate lastDay(LocalDate period) {
        return switch (this) {
            case T -> LAST;
            case X -> period.plusYears(10).minusDays(1);
            case Y -> period.plusYears(1).minusDays(1);
            case M -> period.plusMonths(1).minusDays(1);
            case D -> period;
        };
    }

    /** How many periods are named from {@code first} to {@code last} (both periods' first days, {@code first} no later). */
    public long periodsFrom(LocalDate first, LocalDate last) {
        return switch (this) {
            case T -> 1;
            case X -> ChronoUnit.YEARS.between(first, last) / 10 + 1;
            case Y -> ChronoUnit.YEARS.between(first, last) + 1;
            case M -> ChronoUnit.MONTHS.between(first, last) + 1;
            case D -> ChronoUnit.DAYS.between(first, last) + 1;
        };
    }
}
