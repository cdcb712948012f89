package io.multivector.events;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing (Jazzer) of the NDJSON splitter against the straightforward computation it
 * must equal: split the text at every newline, drop one carriage return at a line's end, skip the lines
 * of only spaces and tabs, and count every line, blank or not, for the index.
 */
class NdjsonLinesFuzzTests {

    /** The oracle: the same split, written the plain way over text (ISO-8859-1 keeps every byte as one char). */
    static List<String> expected(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (!l.replace(" ", "").replace("\t", "").isEmpty()) {
                out.add(i + ":" + l);
            }
        }
        return out;
    }

    @FuzzTest(maxDuration = "30s")
    void splitsAsThePlainComputationDoes(byte[] body) {
        List<String> got = new ArrayList<>();
        for (NdjsonLines.Line line : NdjsonLines.split(body)) {
            got.add(line.index() + ":" + new String(line.json(), StandardCharsets.ISO_8859_1));
        }
        assertThat(got).isEqualTo(expected(body));
    }
}
