package io.multivector.events;

import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Rfc3339TimeTests {

    /** The oracle: what the codec read every time with before. */
    private static Instant slow(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }

    @Test
    void readsEveryUtcTimestampAsOffsetDateTimeDoes() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L), random.nextInt(1_000_000_000));
            String written = t.toString();
            assertThat(Rfc3339Time.parse(written)).as(written).isEqualTo(slow(written)).isEqualTo(t);
            // any number of fraction digits, as another writer may use
            String whole = written.substring(0, 19);
            String nanos = String.format("%09d", t.getNano());
            int digits = 1 + random.nextInt(9);
            String cut = whole + "." + nanos.substring(0, digits) + "Z";
            assertThat(Rfc3339Time.parse(cut)).as(cut).isEqualTo(slow(cut));
        }
    }

    @Test
    void othersFormsGoThroughTheGeneralParserAndBadOnesFailAlike() {
        for (String text : List.of("2024-02-29T23:59:59+05:00", "2024-02-29T23:59:59.5-01:30", "2024-02-29T23:59:59Z",
                "2024-01-01T00:00:00.Z")) {
            assertThat(Rfc3339Time.parse(text)).as(text).isEqualTo(slow(text));
        }
        for (String text : List.of("2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z",
                "2024-01-01T00:00:00.1234567890Z", "2024-01-01T0a:00:00Z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:60Z")) {
            assertThatThrownBy(() -> slow(text)).as(text).isInstanceOf(DateTimeException.class);
            assertThatThrownBy(() -> Rfc3339Time.parse(text)).as(text).isInstanceOf(DateTimeException.class);
        }
    }
}
