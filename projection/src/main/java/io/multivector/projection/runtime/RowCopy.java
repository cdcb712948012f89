package io.multivector.projection.runtime;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * Rows for one table, sent as one {@code COPY ... FROM STDIN} in PostgreSQL's text format. A projector's rows are plain
 * appends, and COPY costs the database less per row than INSERT statements, batched or not: no statement to bind,
 * plan and execute per row (or per 128 rows, rewritten). Values are those a {@link Row} may hold, and the runtime's
 * {@link UUID} and {@link Instant}; each is written as the JDBC driver would have sent it as a parameter, so a row
 * copied is the row inserted (the equality is a test's).
 */
final class RowCopy {

    /** As the driver writes a timestamptz parameter: microseconds, the nanoseconds rounded half up. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");

    private final String sql;
    private final int width;
    private final StringBuilder text = new StringBuilder(8192);
    private int inRow;
    private int rows;

    RowCopy(String schema, String table, List<String> columns) {
        this.sql = "copy %s.%s (%s) from stdin".formatted(schema, table, String.join(", ", columns));
        this.width = columns.size();
    }

    /** The next value of the current row. */
    RowCopy value(Object value) {
        if (inRow == width) {
            throw new IllegalStateException("a row of " + sql + " has " + width + " values, and this would be one more");
        }
        if (inRow++ > 0) {
            text.append('\t');
        }
        switch (value) {
            case null -> text.append("\\N");
            case String s -> escaped(s);
            case Row.Json j -> escaped(j.json());
            case Integer i -> text.append(i.intValue());
            case Long l -> text.append(l.longValue());
            case BigDecimal d -> text.append(d);
            case Boolean b -> text.append(b ? 't' : 'f');
            case LocalDate d -> date(d);
            case Instant t -> text.append(TIMESTAMP.format(OffsetDateTime.ofInstant(micros(t), ZoneOffset.UTC)));
            case UUID u -> text.append(u);
            case String[] a -> escaped(arrayLiteral(a));
            default -> throw new IllegalArgumentException("a projection's row holds a " + value.getClass().getName()
                    + ", which the runtime cannot write (see Row)");
        }
        return this;
    }

    /** Ends the current row, which must have had a value for every column. */
    RowCopy endRow() {
        if (inRow != width) {
            throw new IllegalStateException("a row of " + sql + " has " + inRow + " values of " + width);
        }
        text.append('\n');
        inRow = 0;
        rows++;
        return this;
    }

    /** Sends the rows in the connection's transaction; how many were copied. */
    long send(Connection c) throws SQLException {
        if (inRow != 0) {
            throw new IllegalStateException("the last row of " + sql + " was not ended");
        }
        if (rows == 0) {
            return 0;
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** {@code t} at PostgreSQL's precision, as the driver rounds a timestamptz parameter: microseconds, rounded half up. */
    static Instant micros(Instant t) {
        long nanos = t.getNano() % 1000;
        return nanos >= 500 ? t.plusNanos(1000 - nanos) : t.minusNanos(nanos);
    }

    /** As the driver writes a date parameter: a year before 1 as its year BC, a year after 9999 without a sign. */
    private void date(LocalDate d) {
        int year = d.getYear();
        int shown = year < 1 ? 1 - year : year;
        String digits = Integer.toString(shown);
        text.append("0".repeat(Math.max(0, 4 - digits.length()))).append(digits).append('-');
        twoDigits(d.getMonthValue());
        text.append('-');
        twoDigits(d.getDayOfMonth());
        if (year < 1) {
            text.append(" BC");
        }
    }

    private void twoDigits(int n) {
        if (n < 10) {
            text.append('0');
        }
        text.append(n);
    }

    /** A text[] literal: every element quoted, its quotes and backslashes escaped; a null element NULL. */
    private static String arrayLiteral(String[] a) {
        StringBuilder s = new StringBuilder(16 * a.length + 2).append('{');
        for (int i = 0; i < a.length; i++) {
            if (i > 0) {
                s.append(',');
            }
            if (a[i] == null) {
                s.append("NULL");
                continue;
            }
            s.append('"');
            for (int k = 0; k < a[i].length(); k++) {
                char ch = a[i].charAt(k);
                if (ch == '"' || ch == '\\') {
                    s.append('\\');
                }
                s.append(ch);
            }
            s.append('"');
        }
        return s.append('}').toString();
    }

    /** A text value as COPY's text format reads it: backslash, tab, newline and carriage return escaped. */
    private void escaped(String s) {
        // most values hold none of them: found so by the JDK's vectorised search, and appended whole
        if (s.indexOf('\\') < 0 && s.indexOf('\n') < 0 && s.indexOf('\t') < 0 && s.indexOf('\r') < 0) {
            text.append(s);
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(ch);
            }
        }
    }
}
