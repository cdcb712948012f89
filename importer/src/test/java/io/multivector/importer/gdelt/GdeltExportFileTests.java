package io.multivector.importer.gdelt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class GdeltExportFileTests {

    @TempDir
    Path dir;

    private static List<GdeltExportFile.Line> lines(Path p) throws IOException {
        List<GdeltExportFile.Line> out = new ArrayList<>();
        try (GdeltExportFile f = new GdeltExportFile(p)) {
            for (var l = f.next(); l != null; l = f.next()) {
                out.add(l);
            }
            assertThat(f.bytesRead()).isEqualTo(Files.size(p));
        }
        return out;
    }

    @Test
    void aPlainExportIsReadLineByLineWithWhereEachIs() throws IOException {
        Path p = dir.resolve("20240312120000.export.CSV");
        Files.writeString(p, "a\tb\nc\td\r\n");
        assertThat(lines(p)).containsExactly(new GdeltExportFile.Line("20240312120000.export.CSV:1", "a\tb"),
                new GdeltExportFile.Line("20240312120000.export.CSV:2", "c\td"));
    }

    @Test
    void aZipAsGdeltPublishesItIsReadEntryByEntry() throws IOException {
        Path p = dir.resolve("20240312120000.export.CSV.zip");
        try (OutputStream out = Files.newOutputStream(p); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("20240312120000.export.CSV"));
            zip.write("first\nsecond\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("more.CSV"));
            zip.write("third".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertThat(lines(p)).extracting(GdeltExportFile.Line::where, GdeltExportFile.Line::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple("20240312120000.export.CSV.zip!20240312120000.export.CSV:1", "first"),
                org.assertj.core.groups.Tuple.tuple("20240312120000.export.CSV.zip!20240312120000.export.CSV:2", "second"),
                org.assertj.core.groups.Tuple.tuple("20240312120000.export.CSV.zip!more.CSV:1", "third"));
    }
}
