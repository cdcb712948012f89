package io.multivector.projection.readmodel;

import io.multivector.projection.runtime.Grain;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The covers of windows by whole periods, checked day by day on random windows. */
class PeriodCoverTests {

    /** The day after the last day of {@code r}'s periods, checking every period starts where the one before ended. */
    private static LocalDate walk(PeriodCover.Range r, LocalDate expectedFirst) {
        assertThat(r.first()).as(r.toString()).isEqualTo(expectedFirst);
        LocalDate d = r.first();
        LocalDate end = null;
        while (!d.isAfter(r.last())) {
            LocalDate next = switch (r.grain()) {
                case X -> {
                    assertThat(d.getDayOfYear()).isEqualTo(1);
                    assertThat(d.getYear() % 10).isZero();
                    yield d.plusYears(10);
                }
                case Y -> {
                    assertThat(d.getDayOfYear()).isEqualTo(1);
                    yield d.plusYears(1);
                }
                case M -> {
                    assertThat(d.getDayOfMonth()).isEqualTo(1);
                    yield d.plusMonths(1);
                }
                default -> d.plusDays(1);
            };
            end = next;
            d = next;
        }
        return end;
    }

    @Test
    void aWindowIsCoveredByWholePeriodsExactlyOnceWithFewRanges() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 5_000; i++) {
            LocalDate from = LocalDate.of(1990, 1, 1).plusDays(random.nextInt(15_000));
            LocalDate to = from.plusDays(random.nextInt(random.nextBoolean() ? 90 : 12_000));
            List<PeriodCover.Range> cover = PeriodCover.of(from, to);
            LocalDate next = from;
            for (PeriodCover.Range r : cover) {
                assertThat(r.sign()).isEqualTo(1);
                next = walk(r, next);
            }
            assertThat(next).as(from + " to " + to).isEqualTo(to.plusDays(1));
            assertThat(cover.size()).as(from + " to " + to).isLessThanOrEqualTo(5);
        }
        assertThat(PeriodCover.of(LocalDate.of(2020, 5, 2), LocalDate.of(2020, 5, 1))).isEmpty();
    }

    /** How many times a cover counts each day from {@code from} to {@code to}: its ranges' periods, signed, day by day. */
    private static int[] counted(List<PeriodCover.Range> cover, LocalDate from, LocalDate to) {
        int[] days = new int[(int) java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1];
        for (PeriodCover.Range r : cover) {
            if (r.grain() == Grain.T) {
                java.util.Arrays.setAll(days, i -> days[i] + r.sign());
                continue;
            }
            for (LocalDate p = r.first(); !p.isAfter(r.last()) && !p.isAfter(to); ) {
                LocalDate next = switch (r.grain()) {
                    case X -> p.plusYears(10);
                    case Y -> p.plusYears(1);
                    case M -> p.plusMonths(1);
                    default -> p.plusDays(1);
                };
                for (LocalDate d = p.isBefore(from) ? from : p; d.isBefore(next) && !d.isAfter(to); d = d.plusDays(1)) {
                    days[(int) java.time.temporal.ChronoUnit.DAYS.between(from, d)] += r.sign();
                }
                p = next;
            }
        }
        return days;
    }

    @Test
    void upToCountsEveryDayUpToTheDayOnceInAFewRanges() {
        SplittableRandom random = new SplittableRandom(11);
        LocalDate from = LocalDate.of(1985, 1, 1);
        LocalDate to = LocalDate.of(2040, 12, 31);
        boolean forth = false;
        for (int i = 0; i < 250; i++) {
            LocalDate day = LocalDate.of(1990, 1, 1).plusDays(random.nextInt(14_000));
            if (i % 4 == 0) {
                day = LocalDate.of(1990 + random.nextInt(38), 12, 31); // as of a year, as most answers are asked
            }
            List<PeriodCover.Range> cover = PeriodCover.upTo(day);
            int[] days = counted(cover, from, to);
            for (int d = 0; d < days.length; d++) {
                LocalDate at = from.plusDays(d);
                assertThat(days[d]).as("up to " + day + ": " + at + " in " + cover).isEqualTo(at.isAfter(day) ? 0 : 1);
            }
            assertThat(cover).hasSizeLessThanOrEqualTo(5);
            forth |= cover.stream().anyMatch(r -> r.sign() > 0 && r.grain() != Grain.T);
        }
        assertThat(forth).as("some covers add periods up to the day").isTrue();
        // as of the end of a decade's second year: the decade's two years, not the eight after them
        assertThat(PeriodCover.upTo(LocalDate.of(2011, 12, 31))).containsExactly(
                new PeriodCover.Range(Grain.T, LocalDate.of(1, 1, 1), LocalDate.of(1, 1, 1), 1),
                new PeriodCover.Range(Grain.X, LocalDate.of(2010, 1, 1), LocalDate.of(9999, 12, 31), -1),
                new PeriodCover.Range(Grain.Y, LocalDate.of(2010, 1, 1), LocalDate.of(2011, 1, 1), 1));
        // as of today nothing after it holds events: the all-time row less empty periods
        assertThat(PeriodCover.upTo(LocalDate.now(java.time.ZoneOffset.UTC)).stream().filter(r -> r.sign() > 0)).hasSize(1);
        assertThat(PeriodCover.upTo(LocalDate.of(9999, 12, 31))).hasSize(1);
        // near the last day no period starts after it: nothing of the year 10000 is asked for
        assertThat(PeriodCover.upTo(LocalDate.of(9999, 6, 15))).extracting(PeriodCover.Range::grain).doesNotContain(Grain.Y);
    }

    @Test
    void aWindowOfTotalsWithDecadesCountsItsDaysOnceInAFewRanges() {
        SplittableRandom random = new SplittableRandom(17);
        java.time.Instant knownAt = java.time.Instant.parse("2024-03-31T12:00:00Z");
        LocalDate from = LocalDate.of(1985, 1, 1);
        LocalDate to = LocalDate.of(2040, 12, 31);
        boolean difference = false;
        for (int i = 0; i < 250; i++) {
            LocalDate first = i % 5 == 0 ? LocalDate.of(1, 1, 1) : LocalDate.of(1990, 1, 1).plusDays(random.nextInt(13_000));
            LocalDate last = (i % 5 == 1 ? LocalDate.of(1990, 1, 1) : first).plusDays(random.nextInt(random.nextBoolean() ? 90 : 12_000));
            if (i % 7 == 0) {
                last = LocalDate.of(9999, 12, 31); // a stretch open at its end
            }
            List<PeriodCover.Range> cover = PeriodCover.window(first, last);
            int[] days = counted(cover, from, to);
            for (int d = 0; d < days.length; d++) {
                LocalDate at = from.plusDays(d);
                assertThat(days[d]).as(first + " to " + last + ": " + at + " in " + cover)
                        .isEqualTo(at.isBefore(first) || at.isAfter(last) ? 0 : 1);
            }
            assertThat(cover).hasSizeLessThanOrEqualTo(9);
            List<PeriodCover.Range> known = PeriodCover.asKnownAt(cover, knownAt);
            if (!last.isBefore(first)) {
                assertThat(known).as(first + " to " + last + ": " + cover).containsExactly(new PeriodCover.Range(Grain.D, first, last, 1));
            }
            difference |= cover.stream().anyMatch(r -> r.sign() < 0);
        }
        assertThat(difference).as("some windows are read as the difference of two covers").isTrue();
        // thirty years read as two sides of a few rows each, not a row per year
        assertThat(PeriodCover.window(LocalDate.of(1995, 1, 1), LocalDate.of(2024, 12, 31))).extracting(PeriodCover.Range::grain)
                .doesNotContain(Grain.T);
    }

    @Test
    void asKnownAtACoverIsTheSameDaysInOneDayRange() {
        java.time.Instant knownAt = java.time.Instant.parse("2024-03-31T12:00:00Z");
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 2_000; i++) {
            LocalDate from = LocalDate.of(1990, 1, 1).plusDays(random.nextInt(15_000));
            LocalDate to = from.plusDays(random.nextInt(random.nextBoolean() ? 90 : 12_000));
            assertThat(PeriodCover.asKnownAt(PeriodCover.of(from, to), knownAt)).as(from + " to " + to)
                    .containsExactly(new PeriodCover.Range(Grain.D, from, to, 1));
            assertThat(PeriodCover.asKnownAt(PeriodCover.upTo(to), knownAt)).as("up to " + to)
                    .containsExactly(new PeriodCover.Range(Grain.D, LocalDate.of(1, 1, 1), to, 1));
            // what is known now reads the cover as it is
            assertThat(PeriodCover.asKnownAt(PeriodCover.upTo(to), null)).isEqualTo(PeriodCover.upTo(to));
        }
        assertThat(PeriodCover.asKnownAt(PeriodCover.upTo(LocalDate.of(9999, 12, 31)), knownAt))
                .containsExactly(new PeriodCover.Range(Grain.D, LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), 1));
        assertThat(PeriodCover.asKnownAt(PeriodCover.of(LocalDate.of(2020, 5, 2), LocalDate.of(2020, 5, 1)), knownAt)).isEmpty();
    }
}
