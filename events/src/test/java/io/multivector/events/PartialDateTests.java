package io.multivector.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartialDateTests {

    /**
     * The oracle: the wire form's regular expression, which parse matched every text with before. Random texts near the
     * shape (digits and dashes of lengths 0-11, and valid days with one character changed) are read alike: the same
     * date, or refused for the shape, or refused for the calendar.
     */
    @Test
    void readsTheShapeAsItsPatternDoes() {
        java.util.regex.Pattern shape = java.util.regex.Pattern.compile(PartialDate.PATTERN);
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        String alphabet = "0123456789-0123456789/a ";
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder();
            if (random.nextBoolean()) {
                int length = random.nextInt(12);
                for (int k = 0; k < length; k++) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            } else {
                text.append(LocalDate.ofEpochDay(random.nextLong(-800_000, 3_000_000)));
                text.setLength(List.of(4, 7, 10).get(random.nextInt(3)));
                int at = random.nextInt(text.length());
                text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String t = text.toString();
            String expected;
            if (!shape.matcher(t).matches()) {
                expected = "'" + t + "' is not YYYY, YYYY-MM or YYYY-MM-DD";
            } else {
                try {
                    LocalDate.parse(t.length() == 4 ? t + "-01-01" : t.length() == 7 ? t + "-01" : t);
                    expected = null;
                } catch (java.time.format.DateTimeParseException e) {
                    expected = "'" + t + "' is not a calendar date";
                }
            }
            if (expected == null) {
                assertThat(PartialDate.parse(t).toString()).as(t).isEqualTo(t);
            } else {
                assertThatThrownBy(() -> PartialDate.parse(t)).as(t).hasMessage(expected);
            }
        }
    }

    @Test
    void parsesAYear() {
        PartialDate d = PartialDate.parse("2015");
        assertThat(d.year()).isEqualTo(2015);
        assertThat(d.month()).isNull();
        assertThat(d.day()).isNull();
        assertThat(d.precision()).isEqualTo(PartialDate.Precision.YEAR);
        assertThat(d.firstDay()).isEqualTo(LocalDate.of(2015, 1, 1));
        assertThat(d.lastDay()).isEqualTo(LocalDate.of(2015, 12, 31));
    }

    @Test
    void parsesAMonth() {
        PartialDate d = PartialDate.parse("2015-12");
        assertThat(d.precision()).isEqualTo(PartialDate.Precision.MONTH);
        assertThat(d.month()).isEqualTo(12);
        assertThat(d.firstDay()).isEqualTo(LocalDate.of(2015, 12, 1));
        assertThat(d.lastDay()).isEqualTo(LocalDate.of(2015, 12, 31));
    }

    @Test
    void parsesADay() {
        PartialDate d = PartialDate.parse("2015-12-21");
        assertThat(d.precision()).isEqualTo(PartialDate.Precision.DAY);
        assertThat(d.firstDay()).isEqualTo(LocalDate.of(2015, 12, 21)).isEqualTo(d.lastDay());
    }

    @ParameterizedTest
    @CsvSource({"2024-02, 2024-02-29", "2023-02, 2023-02-28", "2000-02, 2000-02-29", "1900-02, 1900-02-28",
            "2015-04, 2015-04-30", "2015-01, 2015-01-31"})
    void lastDayOfAMonthKnowsItsLength(String month, String last) {
        assertThat(PartialDate.parse(month).lastDay()).isEqualTo(LocalDate.parse(last));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-29", "2000-02-29", "1996-02-29"})
    void leapDaysOfLeapYearsExist(String day) {
        assertThat(PartialDate.parse(day).firstDay()).isEqualTo(LocalDate.parse(day));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29", "1900-02-29", "2100-02-29", "2015-02-30", "2015-04-31", "2015-06-31",
            "2015-09-31", "2015-11-31"})
    void daysThatDoNotExistAreRefused(String day) {
        assertThatThrownBy(() -> PartialDate.parse(day))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a calendar date");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "15", "20151", "2015-13", "2015-00", "2015-1", "2015-01-1", "2015-01-00", "2015-01-32",
            "15-01-2015", "21.12.2015", "2015/12/21", "2015-12-21T00:00:00Z", " 2015", "2015 ", "2015-12-21\n",
            "+2015", "-2015", "２０１５", "2015-W01", "2015-12-"})
    void shapesOtherThanYearMonthDayAreRefused(String text) {
        assertThatThrownBy(() -> PartialDate.parse(text))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not YYYY, YYYY-MM or YYYY-MM-DD");
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> PartialDate.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDayNeedsAMonth() {
        assertThatThrownBy(() -> new PartialDate(2015, null, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PartialDate(2015, 13, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2015", "2015-01", "2015-12-21", "0999", "0001-01-01"})
    void writesWhatItReadsWithItsPrecision(String text) {
        assertThat(PartialDate.parse(text).toString()).isEqualTo(text);
    }

    @Test
    void ofALocalDateIsADay() {
        assertThat(PartialDate.of(LocalDate.of(1991, 12, 16))).isEqualTo(PartialDate.parse("1991-12-16"));
    }

    @Test
    void ordersByTheFirstDayOfThePeriod() {
        List<PartialDate> dates = new ArrayList<>(List.of(PartialDate.parse("2015-02"), PartialDate.parse("2014-12-31"),
                PartialDate.parse("2015-01-15"), PartialDate.parse("2016")));
        Collections.sort(dates);
        assertThat(dates).extracting(PartialDate::toString).containsExactly("2014-12-31", "2015-01-15", "2015-02", "2016");
        // A year counts from its first day: 2015 and 2015-01-01 start together, though they are different dates.
        assertThat(PartialDate.parse("2015").compareTo(PartialDate.parse("2015-01-01"))).isZero();
        assertThat(PartialDate.parse("2015")).isNotEqualTo(PartialDate.parse("2015-01-01"));
    }

    @Test
    void travelsAsItsTextInJson() throws Exception {
        var mapper = EventCodec.bundled().mapper();
        assertThat(mapper.writeValueAsString(PartialDate.parse("2015-12"))).isEqualTo("\"2015-12\"");
        assertThat(mapper.readValue("\"2024-02-29\"", PartialDate.class)).isEqualTo(new PartialDate(2024, 2, 29));
    }
}
