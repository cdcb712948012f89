package io.multivector.importer.gdelt;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The lines of one GDELT 2.0 event export, plain ({@code .export.CSV}) or zipped as GDELT publishes
 * it ({@code .export.CSV.zip}, every entry read in turn), with where each line is and how much of
 * the file has been read (for progress).
 */
public final class GdeltExportFile implements AutoCloseable {

    /** One line and where it is: {@code file:line}, or {@code file!entry:line} inside a zip. */
    public record Line(String where, String text) {
    }

    private final Path path;
    private final CountingStream counted;
    private final ZipInputStream zip;
    private BufferedReader reader;
    private String entry;
    private long lineNumber;

    public GdeltExportFile(Path path) throws IOException {
        this.path = path;
        this.counted = new CountingStream(Files.newInputStream(path));
        if (path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
            zip = new ZipInputStream(counted, StandardCharsets.UTF_8);
        } else {
            zip = null;
            reader = reader(counted);
        }
    }

    /** The next line, or null at the end of the file. */
    public Line next() throws IOException {
        while (true) {
            if (reader == null) {
                ZipEntry e = zip.getNextEntry();
                while (e != null && e.isDirectory()) {
                    e = zip.getNextEntry();
                }
                if (e == null) {
                    return null;
                }
                entry = e.getName();
                lineNumber = 0;
                reader = reader(zip);
            }
            String text = reader.readLine();
            if (text != null) {
                lineNumber++;
                return new Line(path.getFileName() + (entry == null ? "" : "!" + entry) + ":" + lineNumber, text);
            }
            if (zip == null) {
                return null;
            }
            reader = null; // the next entry of the zip
        }
    }

    /** Bytes of the file read so far (compressed bytes for a zip). */
    public long bytesRead() {
        return counted.count;
    }

    @Override
    public void close() throws IOException {
        if (zip != null) {
            zip.close(); // its inflater too, not only the file
        } else {
            reader.close();
        }
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Counts what passes, so progress can say how much of a file is done. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }
}
