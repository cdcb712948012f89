package io.multivector.events;

/** Fixed-width decimal fields of dates and times, read without a regular expression or a parser. */
final class AsciiDigits {

    private AsciiDigits() {
    }

    /** The decimal number in {@code text} from {@code from} to {@code to} (excluded), or -1 if a character is not a digit. */
    static int read(String text, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
