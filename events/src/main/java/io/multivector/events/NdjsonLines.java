package io.multivector.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lines of an NDJSON batch of events: split at {@code \n}, a {@code \r} before it dropped, lines of only
 * spaces and tabs skipped. Each keeps its index among all the body's lines, so an error can point at
 * {@code /lines/<index>} as the client counts them.
 */
public final class NdjsonLines {

    /** One non-blank line: its index in the body (from 0, blank lines counted) and its bytes. */
    public record Line(int index, byte[] json) {
    }

    private NdjsonLines() {
    }

    public static List<Line> split(byte[] body) {
        List<Line> lines = new ArrayList<>();
        int index = 0;
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
                if (end > start && !isBlank(body, start, end)) {
                    lines.add(new Line(index, Arrays.copyOfRange(body, start, end)));
                }
                index++;
                start = i + 1;
            }
        }
        return lines;
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
