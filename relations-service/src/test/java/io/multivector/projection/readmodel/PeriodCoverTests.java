package io.multivector.projection.readmodel;

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
                case "X" -> {
                    assertThat(d.getDayOfYear()).isEqualTo(1);
                    assertThat(d.getYear() % 10).isZero();
                    yield d.plusYears(10);
                }
                case "Y" -> {
                    assertThat(d.getDayOfYear()).isEqualTo(1);
                    yield d.plusYears(1);
                }
                case "M" -> {
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

    @Test
    void upToIsAllTimeLessEverythingAfterTheDay() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2_000; i++) {
            LocalDate to = LocalDate.of(1990, 1, 1).plusDays(random.nextInt(15_000));
            List<PeriodCover.Range> ranges = PeriodCover.upTo(to);
            assertThat(ranges.getFirst()).isEqualTo(new PeriodCover.Range("T", LocalDate.of(1, 1, 1), LocalDate.of(1, 1, 1), 1));
            LocalDate next = to.plusDays(1);
            for (PeriodCover.Range r : ranges.subList(1, ranges.size() - 1)) {
                assertThat(r.sign()).isEqualTo(-1);
                next = walk(r, next);
            }
            PeriodCover.Range decades = ranges.getLast();
            assertThat(decades.grain()).isEqualTo("X");
            assertThat(decades.sign()).isEqualTo(-1);
            assertThat(decades.first()).as("after " + to).isEqualTo(next);
            // all time, then at most the days, months and years left in the day's month, year and decade
            assertThat(ranges).hasSizeLessThanOrEqualTo(5);
        }
        assertThat(PeriodCover.upTo(LocalDate.of(9999, 12, 31))).hasSize(1);
        // near the last day no period starts after it: nothing of the year 10000 is asked for
        assertThat(PeriodCover.upTo(LocalDate.of(9999, 6, 15))).extracting(PeriodCover.Range::grain).containsExactly("T", "D", "M");
    }

    @Test
    void asKnownAtACoverIsTheSameDaysInOneDayRange() {
        java.time.Instant knownAt = java.time.Instant.parse("2024-03-31T12:00:00Z");
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 2_000; i++) {
            LocalDate from = LocalDate.of(1990, 1, 1).plusDays(random.nextInt(15_000));
            LocalDate to = from.plusDays(random.nextInt(random.nextBoolean() ? 90 : 12_000));
            assertThat(PeriodCover.asKnownAt(PeriodCover.of(from, to), knownAt)).as(from + " to " + to)
                    .containsExactly(new PeriodCover.Range("D", from, to, 1));
            assertThat(PeriodCover.asKnownAt(PeriodCover.upTo(to), knownAt)).as("up to " + to)
                    .containsExactly(new PeriodCover.Range("D", LocalDate.of(1, 1, 1), to, 1));
            // what is known now reads the cover as it is
            assertThat(PeriodCover.asKnownAt(PeriodCover.upTo(to), null)).isEqualTo(PeriodCover.upTo(to));
        }
        assertThat(PeriodCover.asKnownAt(PeriodCover.upTo(LocalDate.of(9999, 12, 31)), knownAt))
                .containsExactly(new PeriodCover.Range("D", LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), 1));
        assertThat(PeriodCover.asKnownAt(PeriodCover.of(LocalDate.of(2020, 5, 2), LocalDate.of(2020, 5, 1)), knownAt)).isEmpty();
    }
}
