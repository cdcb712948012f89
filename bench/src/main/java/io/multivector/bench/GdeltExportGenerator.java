package io.multivector.bench;

import io.multivector.importer.gdelt.GdeltExportRow;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/**
 * A GDELT 2.0 event export of a given size, written row by row per the codebook, with the mix a
 * day's export has: mostly two countries, some known groups, some rows with one actor or a region
 * (which the import skips). Seeded, so two runs write the same file.
 */
final class GdeltExportGenerator {

    private static final List<String> COUNTRIES = List.of("KAZ", "RUS", "CHN", "USA", "DEU", "FRA", "GBR", "TUR", "UZB", "KGZ",
            "TJK", "TKM", "AZE", "GEO", "IRN", "IND", "PAK", "JPN", "KOR", "UKR", "BLR", "POL", "ITA", "ESP", "SAU", "ARE",
            "EGY", "ISR", "AFG", "MNG", "CAN", "BRA", "MEX", "ZAF", "NGA", "AUS", "IDN", "VNM", "THA", "QAT");
    private static final List<String> GROUPS = List.of("NAT", "EEC", "UNO", "CIS", "SCE", "OIC", "WTO");
    private static final List<String> REGIONS = List.of("EUR", "AFR", "ASA", "MEA", "WST");
    /** CAMEO codes with their quad class and Goldstein value as the CAMEO scale gives them. */
    private static final List<String[]> CODES = List.of(new String[]{"010", "1", "0.0"}, new String[]{"036", "1", "4.0"},
            new String[]{"042", "1", "1.9"}, new String[]{"043", "1", "2.8"}, new String[]{"057", "1", "8.0"},
            new String[]{"061", "2", "6.4"}, new String[]{"0871", "2", "9.0"}, new String[]{"111", "3", "-2.0"},
            new String[]{"112", "3", "-2.0"}, new String[]{"130", "3", "-4.4"}, new String[]{"163", "4", "-8.0"},
            new String[]{"190", "4", "-10.0"});

    private GdeltExportGenerator() {
    }

    /** Writes {@code rows} rows to {@code file}; GLOBALEVENTIDs count up from {@code firstId}. */
    static void write(Path file, int rows, long firstId, long seed) throws IOException {
        Random r = new Random(seed);
        LocalDate first = LocalDate.of(2015, 1, 1);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < rows; i++) {
                String a = COUNTRIES.get(r.nextInt(COUNTRIES.size()));
                String b = COUNTRIES.get(r.nextInt(COUNTRIES.size()));
                GdeltExportRow row = GdeltExportRow.of(firstId + i, first.plusDays(r.nextInt(3650)), a, b);
                int kind = r.nextInt(100);
                if (kind < 10) {
                    row.actor2("", GROUPS.get(r.nextInt(GROUPS.size())));
                } else if (kind < 20) {
                    row.actor2("", "");
                } else if (kind < 25) {
                    row.actor1(REGIONS.get(r.nextInt(REGIONS.size())), "");
                }
                String[] code = CODES.get(r.nextInt(CODES.size()));
                row.event(code[0], Integer.parseInt(code[1]), code[2]).mentions(Integer.toString(1 + r.nextInt(40)));
                w.write(row.line());
                w.write('\n');
            }
        }
    }
}
