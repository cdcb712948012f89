package io.multivector.importer;

import java.io.PrintStream;
import java.util.Locale;

/** One line of progress on a terminal, redrawn at most once a second: rows, rows/s, and the time left by bytes read. */
final class ImportProgress {

    private final PrintStream out;
    private final boolean terminal;
    private final long totalBytes;
    private final long started = System.nanoTime();
    private long lastDrawn;

    ImportProgress(PrintStream out, boolean terminal, long totalBytes) {
        this.out = out;
        this.terminal = terminal;
        this.totalBytes = totalBytes;
    }

    void update(String file, long bytesDone, ImportReport report) {
        long now = System.nanoTime();
        if (!terminal || now - lastDrawn < 1_000_000_000L) {
            return;
        }
        lastDrawn = now;
        double seconds = (now - started) / 1e9;
        double rate = report.rowsRead() / Math.max(seconds, 1e-3);
        String eta = bytesDone > 0 && totalBytes > bytesDone
                ? clock(seconds * (totalBytes - bytesDone) / bytesDone) : "-";
        out.printf(Locale.ROOT, "\r%s: %,d rows, %,d imported, %,d skipped, %,.0f rows/s, %d%%, ETA %s   ", file, report.rowsRead(),
                report.imported(), report.skippedTotal(), rate, totalBytes == 0 ? 100 : bytesDone * 100 / totalBytes, eta);
        out.flush();
    }

    void done() {
        if (terminal && lastDrawn != 0) {
            out.println();
        }
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
