package io.multivector.drills;

import com.fasterxml.jackson.databind.JsonNode;
import io.multivector.importer.GdeltImport;
import io.multivector.importer.ImportFailedException;
import io.multivector.importer.ImportReport;
import io.multivector.importer.gdelt.GdeltExportRow;
import io.multivector.importer.gdelt.GdeltRowMapping;
import io.multivector.importer.gdelt.SkipReason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./multivector import gdelt} against the whole system: a file written row by row per the
 * GDELT 2.0 codebook goes through the gateway into the store and the relations read model; a
 * re-import (zipped, as GDELT publishes) stores nothing new; a retraction of one imported event takes
 * exactly its weight out. Mongolia and Bhutan: a pair no other drill writes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GdeltImportTests {

    static final String EXPORT = "20240630000000.export.CSV";
    static SystemUnderTest sut;
    @TempDir
    static Path dir;

    @BeforeAll
    static void system() {
        sut = SystemUnderTest.get();
    }

    static List<String> rows() {
        LocalDate d = LocalDate.of(2024, 1, 10);
        return List.of(
                GdeltExportRow.of(9_100_000_001L, d, "MNG", "BTN").event("042", 1, "3.4").line(),
                GdeltExportRow.of(9_100_000_002L, LocalDate.of(2024, 2, 20), "BTN", "MNG").event("111", 3, "-2.0").line(),
                GdeltExportRow.of(9_100_000_003L, LocalDate.of(2024, 3, 5), "MNG", "BTN").event("0621", 2, "7.0").line(),
                // a known group: NATO
                GdeltExportRow.of(9_100_000_004L, d, "MNG", "").actor2("", "NAT").event("036", 1, "4.0").line(),
                GdeltExportRow.of(9_100_000_001L, d, "MNG", "BTN").event("042", 1, "3.4").line(), // the first row again
                GdeltExportRow.of(9_100_000_005L, d, "EUR", "MNG").line(),              // a region: unknown actor
                GdeltExportRow.of(9_100_000_006L, d, "MNG", "").line(),                 // one actor only
                GdeltExportRow.of(9_100_000_007L, d, "MNG", "MNG").line(),              // same actor twice
                GdeltExportRow.of(9_100_000_008L, d, "MNG", "BTN").day(null).line(),    // missing date
                "9100000009\t20240110\tMNG",                                           // malformed: 3 fields
                GdeltExportRow.of(9_100_000_010L, d, "MNG", "BTN").sourceUrl("").line()); // no article
    }

    private static ImportReport importFiles(Path... files) throws ImportFailedException, InterruptedException {
        String gateway = sut.gateway().replaceFirst("/api/v1$", "");
        return new GdeltImport(gateway, sut.keys.writer(), 3).run(List.of(files), new PrintStream(OutputStream.nullOutputStream()), false);
    }

    private static JsonNode dyad() {
        return sut.get("/relations/BT/MN?asOf=2024-06-30");
    }

    @Test
    @Order(1)
    void anExportIsImportedRowByRowAndEverySkipIsCountedByReason() throws Exception {
        Path file = dir.resolve(EXPORT);
        Files.write(file, rows(), StandardCharsets.UTF_8);
        ImportReport report = importFiles(file);
        assertThat(report.rowsRead()).isEqualTo(11);
        assertThat(report.imported()).isEqualTo(4);
        assertThat(report.alreadyPresent()).isEqualTo(1);
        for (SkipReason r : SkipReason.values()) {
            assertThat(report.skipped(r)).as(r.text()).isEqualTo(1);
        }
        assertThat(report.examples(SkipReason.MALFORMED_LINE)).singleElement().asString().startsWith(EXPORT + ":10: ");
        assertThat(report.examples(SkipReason.UNKNOWN_ACTOR)).singleElement().asString().startsWith(EXPORT + ":6: ").contains("EUR");

        JsonNode stored = sut.get("/events/" + GdeltRowMapping.eventId("9100000004"));
        assertThat(stored.path("type").asText()).isEqualTo("interaction.coded");
        assertThat(stored.path("subject").asText()).isEqualTo("MN~NATO");
        assertThat(stored.path("data").path("actor2").asText()).isEqualTo("NATO");
    }

    @Test
    @Order(2)
    void theDyadOfTheImportedPairIsTheirDecayedGoldsteinSum() {
        // asOf 2024-06-30, half-life 730 days, factor 1.0: 3.4 x 2^(-172/730) - 2.0 x 2^(-131/730) + 7.0 x 2^(-117/730)
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> dyad().path("counts").path("interaction.coded").asLong() == 3);
        JsonNode dyad = dyad();
        assertThat(dyad.path("score").asDouble()).isEqualTo(7.3856);
        assertThat(dyad.path("conflict").asDouble()).isEqualTo(-1.7661); // -2.0 x 2^(-131/730)
        assertThat(sut.get("/relations/MN/NATO?asOf=2024-06-30").path("counts").path("interaction.coded").asLong()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aReImportOfTheZippedExportStoresNothingNew() throws Exception {
        Path zip = dir.resolve(EXPORT + ".zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(EXPORT));
            z.write(String.join("\n", rows()).getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        ImportReport again = importFiles(zip);
        assertThat(again.rowsRead()).isEqualTo(11);
        assertThat(again.imported()).isZero();
        assertThat(again.alreadyPresent()).isEqualTo(5);
        assertThat(again.examples(SkipReason.MALFORMED_LINE)).singleElement().asString().startsWith(EXPORT + ".zip!" + EXPORT + ":10: ");
        assertThat(sut.get("/events?actor=BT&type=interaction.coded").path("items")).hasSize(3);
        assertThat(dyad().path("score").asDouble()).isEqualTo(7.3856);
    }

    @Test
    @Order(4)
    void aRetractedImportedEventTakesExactlyItsWeightOut() {
        HttpResponse<String> r = sut.post("/events", "application/json", """
                {"type":"event.retracted","data":{"occurredOn":"2024-07-01","eventId":"%s","reason":"miscoded article",\
                "sources":[{"ref":"import test"}]}}""".formatted(GdeltRowMapping.eventId("9100000003")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> dyad().path("counts").path("interaction.coded").asLong() == 2);
        // 3.4 x 2^(-172/730) - 2.0 x 2^(-131/730)
        assertThat(dyad().path("score").asDouble()).isEqualTo(1.1216);
    }

    @Test
    @Order(5)
    void aKeyWithoutTheWriterRoleStopsTheImportNamingWhy() throws IOException {
        Path file = dir.resolve("refused.export.CSV");
        Files.write(file, List.of(GdeltExportRow.of(9_100_000_020L, LocalDate.of(2024, 1, 10), "MNG", "BTN").line()));
        String gateway = sut.gateway().replaceFirst("/api/v1$", "");
        ImportFailedException refused = catchThrowableOfType(ImportFailedException.class, () -> new GdeltImport(gateway,
                sut.keys.reader(), 10).run(List.of(file), new PrintStream(OutputStream.nullOutputStream()), false));
        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains("refused the key (403)");
    }
}
