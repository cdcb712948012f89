package io.multivector.importer;

import io.multivector.importer.gdelt.SkipReason;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What an import did: rows read, imported, already present, and skipped by reason with the first lines of each. */
public final class ImportReport {

    /** Lines named per reason; the counts hold every line. */
    static final int EXAMPLES_PER_REASON = 10;

    private long rowsRead;
    private long imported;
    private long alreadyPresent;
    private final Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
    private final Map<SkipReason, List<String>> examples = new EnumMap<>(SkipReason.class);

    void read() {
        rowsRead++;
    }

    void skipped(SkipReason reason, String where, String detail) {
        skipped.merge(reason, 1L, Long::sum);
        List<String> list = examples.computeIfAbsent(reason, r -> new ArrayList<>());
        if (list.size() < EXAMPLES_PER_REASON) {
            list.add(where + ": " + detail);
        }
    }

    void stored(long created, long already) {
        imported += created;
        alreadyPresent += already;
    }

    public long rowsRead() {
        return rowsRead;
    }

    public long imported() {
        return imported;
    }

    public long alreadyPresent() {
        return alreadyPresent;
    }

    public long skipped(SkipReason reason) {
        return skipped.getOrDefault(reason, 0L);
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The first lines skipped for this reason, as {@code file:line: why}. */
    public List<String> examples(SkipReason reason) {
        return List.copyOf(examples.getOrDefault(reason, List.of()));
    }

    /** The report as the command prints it. */
    public String text(double seconds) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "rows read          %,d%n", rowsRead));
        s.append(String.format(Locale.ROOT, "imported           %,d%n", imported));
        s.append(String.format(Locale.ROOT, "already present    %,d%n", alreadyPresent));
        s.append(String.format(Locale.ROOT, "skipped            %,d%n", skippedTotal()));
        for (SkipReason r : SkipReason.values()) {
            long n = skipped(r);
            if (n > 0) {
                s.append(String.format(Locale.ROOT, "  %-20s %,d%n", r.text(), n));
                for (String e : examples(r)) {
                    s.append("    ").append(e).append('\n');
                }
                if (n > EXAMPLES_PER_REASON) {
                    s.append(String.format(Locale.ROOT, "    ... and %,d more%n", n - EXAMPLES_PER_REASON));
                }
            }
        }
        s.append(String.format(Locale.ROOT, "took %.1f s, %,.0f rows/s%n", seconds, seconds > 0 ? rowsRead / seconds : 0));
        return s.toString();
    }
}
