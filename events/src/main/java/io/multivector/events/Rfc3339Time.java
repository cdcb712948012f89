package io.multivector.events;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Reads an RFC 3339 timestamp. The store writes UTC ({@code 2026-12-07T03:00:00.123456Z}), which is read digit by
 * digit: through {@code DateTimeFormatter} it was a tenth of a projector's time decoding a published record. Any
 * other form (an offset, a year beyond four digits) goes through {@link OffsetDateTime#parse}.
 */
final class Rfc3339Time {

    private static final int[] SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private Rfc3339Time() {
    }

    /** @throws java.time.DateTimeException when {@code text} is not such a timestamp or names no such time */
    static Instant parse(String text) {
        int n = text.length();
        if (n >= 20 && n <= 30 && text.charAt(n - 1) == 'Z' && text.charAt(4) == '-' && text.charAt(7) == '-'
                && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':') {
            int fraction = n - 21; // digits after the '.', if there is one
            boolean shaped = fraction < 0 ? n == 20 : text.charAt(19) == '.' && fraction >= 1;
            int year = AsciiDigits.read(text, 0, 4);
            int month = AsciiDigits.read(text, 5, 7);
            int day = AsciiDigits.read(text, 8, 10);
            int hour = AsciiDigits.read(text, 11, 13);
            int minute = AsciiDigits.read(text, 14, 16);
            int second = AsciiDigits.read(text, 17, 19);
            int nanos = fraction > 0 ? AsciiDigits.read(text, 20, n - 1) : 0;
            if (shaped && (year | month | day | hour | minute | second | nanos) >= 0) {
                return LocalDateTime.of(year, month, day, hour, minute, second, fraction > 0 ? nanos * SCALE[fraction] : 0)
                        .toInstant(ZoneOffset.UTC);
            }
        }
        return OffsetDateTime.parse(text).toInstant();
    }
}
