package io.multivector.projection.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.multivector.devstack.DevInfrastructureTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RowCopy} against what it replaced, on the service's real database: random rows of every type a {@link Row}
 * may hold, inserted as the runtime inserted them before (one parameter per value, bound as below) into one table
 * and copied into another, must read back the same, row by row.
 */
@QuarkusTest
@WithTestResource(value = DevInfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "relations"))
class RowCopyTests {

    private static final String SCHEMA = "rowcopytest";
    private static final List<String> COLUMNS = List.of("n", "t", "amount", "small", "big", "flag", "day", "at", "id", "names", "doc");
    private static final String TYPES = "n int primary key, t text, amount numeric, small int, big bigint, flag boolean, day date,"
            + " at timestamptz, id uuid, names text[], doc json";
    /** Characters that COPY's text format, array literals or JSON escape, between plain ones. */
    private static final String[] PIECES = {"a", "Z", " ", "\t", "\n", "\r", "\\", "\\N", "\"", "'", "{", "}", ",", "NULL", "é", "中",
            "\uD83D\uDE00", "", "\\t", "x\u0001y"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    @Test
    void copiedRowsReadBackAsInsertedRows() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < 3000; n++) {
            rows.add(randomRow(random, n));
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("drop schema if exists " + SCHEMA + " cascade");
                st.execute("create schema " + SCHEMA);
                st.execute("create table " + SCHEMA + ".inserted (" + TYPES + ")");
                st.execute("create table " + SCHEMA + ".copied (" + TYPES + ")");
            }
            insertAsBefore(c, rows);
            RowCopy copy = new RowCopy(SCHEMA, "copied", COLUMNS);
            for (Row r : rows) {
                r.copyValues(copy);
                copy.endRow();
            }
            assertThat(copy.send(c)).isEqualTo(rows.size());
            List<String> inserted = read(c, "inserted");
            List<String> copied = read(c, "copied");
            assertThat(copied).as("seed %d", seed).hasSize(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                assertThat(copied.get(i)).as("row %d of seed %d: %s", i, seed, rows.get(i)).isEqualTo(inserted.get(i));
            }
            c.rollback();
        }
    }

    @Test
    void aRowOfTheWrongWidthOrAValueOfAnotherTypeIsRefused() {
        RowCopy copy = new RowCopy(SCHEMA, "copied", List.of("n", "t"));
        copy.value(1);
        assertThatThrownBy(copy::endRow).isInstanceOf(IllegalStateException.class).hasMessageContaining("1 values of 2");
        copy.value("one");
        assertThatThrownBy(() -> copy.value("two")).isInstanceOf(IllegalStateException.class).hasMessageContaining("one more");
        assertThatThrownBy(() -> new RowCopy(SCHEMA, "copied", List.of("x")).value(1.5d))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Double");
    }

    private static List<String> read(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select rec::text from " + SCHEMA + "." + table + " rec order by n")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The runtime's INSERT before COPY, its binding of each type as it was. */
    private static void insertAsBefore(Connection c, List<Row> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + SCHEMA + ".inserted (" + String.join(", ", COLUMNS) + ") values ("
                + "?, ".repeat(COLUMNS.size() - 1) + "?)")) {
            for (Row r : rows) {
                for (int i = 0; i < COLUMNS.size(); i++) {
                    Object value = r.columns().get(COLUMNS.get(i));
                    switch (value) {
                        case null -> ps.setObject(i + 1, null);
                        case Row.Json j -> ps.setObject(i + 1, j.json(), java.sql.Types.OTHER);
                        case String[] a -> ps.setArray(i + 1, c.createArrayOf("text", a));
                        case Instant t -> ps.setTimestamp(i + 1, Timestamp.from(t));
                        default -> ps.setObject(i + 1, value);
                    }
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Row randomRow(Random random, int n) throws Exception {
        Row r = Row.of("copied").with("n", n);
        r.with("t", nullOr(random, () -> text(random)));
        r.with("amount", nullOr(random, () -> new BigDecimal(new BigInteger(random.nextInt(1, 120), random)
                .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1)), random.nextInt(-4, 25))));
        r.with("small", nullOr(random, () -> random.nextInt()));
        r.with("big", nullOr(random, () -> random.nextLong()));
        r.with("flag", nullOr(random, () -> random.nextBoolean()));
        // years BC and after 9999 included: the driver writes both its own way
        r.with("day", nullOr(random, () -> LocalDate.ofEpochDay(random.nextLong(LocalDate.of(-200, 1, 1).toEpochDay(),
                LocalDate.of(12000, 12, 31).toEpochDay()))));
        r.with("at", nullOr(random, () -> Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 4_000_000_000L),
                random.nextInt(4) == 0 ? random.nextInt(1000) * 1000 + 500 : random.nextInt(1_000_000_000))));
        r.with("id", nullOr(random, () -> new UUID(random.nextLong(), random.nextLong())));
        r.with("names", nullOr(random, () -> {
            String[] a = new String[random.nextInt(5)];
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextInt(8) == 0 ? null : text(random);
            }
            return a;
        }));
        String doc = JSON.writeValueAsString(Map.of("k" + text(random), text(random), "n", random.nextInt()));
        r.with("doc", random.nextInt(8) == 0 ? null : new Row.Json(doc));
        return r;
    }

    private static String text(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            s.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return s.toString();
    }

    private static Object nullOr(Random random, java.util.function.Supplier<Object> value) {
        return random.nextInt(8) == 0 ? null : value.get();
    }
}
