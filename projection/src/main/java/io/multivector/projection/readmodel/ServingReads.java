package io.multivector.projection.readmodel;

import io.multivector.platform.problem.BusyException;
import io.multivector.projection.runtime.KeyedDerivation;
import io.multivector.projection.runtime.ProjectionRuntime;
import io.multivector.projection.runtime.Row;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads of one projection's serving generation, for its service's queries: SQL naming its tables as
 * {@code ${schema}.table} runs against the schema serving at that moment, on a pooled connection.
 */
public final class ServingReads {

    /** Maps the current row of a result. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final DataSource dataSource;
    private final ProjectionRuntime runtime;
    private final String projection;
    /** The connection every query of this thread uses while {@link #onOneConnection} runs. */
    private final ThreadLocal<Connection> held = new ThreadLocal<>();

    public ServingReads(DataSource dataSource, ProjectionRuntime runtime, String projection) {
        this.dataSource = dataSource;
        this.runtime = runtime;
        this.projection = projection;
    }

    /** A step over a whole result. */
    @FunctionalInterface
    private interface Results<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code sql} with {@code args} bound in order (a {@code String[]} as text[], a {@code Double[]} as
     * float8[], anything else as it is) and maps every row.
     */
    public <T> List<T> query(String sql, List<?> args, Reader<T> reader) {
        return query(sql, args, reader, null);
    }

    /**
     * As {@link #query(String, List, Reader)}, with every content table read as known at {@code knownAt} (a recorded
     * time; null: what is known now). Such a query may name content tables only ({@link KnownAtView}).
     */
    public <T> List<T> query(String sql, List<?> args, Reader<T> reader, Instant knownAt) {
        return run(sql, args, knownAt, rs -> {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(reader.read(rs));
            }
            return out;
        });
    }

    /**
     * The rows {@code derivation} derives from those of its sources that meet {@code condition}, as known at
     * {@code knownAt}: what its derived table would hold for them if only those events had been applied. It reads
     * the source rows of the keys asked about, so it costs what their history holds.
     */
    public List<Row> derived(KeyedDerivation derivation, String condition, List<?> args, Instant knownAt) {
        return run(derivation.select(condition), args, knownAt, derivation::derivedFrom);
    }

    /**
     * Runs {@code reads} with each of its queries on one pooled connection: an answer of several statements takes a
     * connection from the pool once, not once per statement, which under a backlog of requests is once per wait.
     * Each statement still sees what is committed when it starts, as on separate connections.
     */
    public <T> T onOneConnection(java.util.function.Supplier<T> reads) {
        if (held.get() != null) {
            return reads.get();
        }
        try (Connection c = connect(dataSource)) {
            held.set(c);
            try {
                return reads.get();
            } finally {
                held.remove();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A connection for a read; when none comes free within the pool's acquisition timeout, the read model is busy
     * (a 503 the caller may retry), not broken.
     */
    public static Connection connect(DataSource dataSource) {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new BusyException("the read model has no database connection free (" + e.getMessage() + "); ask again shortly", e);
        }
    }

    private <T> T run(String sql, List<?> args, Instant knownAt, Results<T> results) {
        String text = knownAt == null ? sql : KnownAtView.rewrite(sql, runtime.projection(projection).contentTables(), knownAt);
        Connection onHold = held.get();
        try (Connection owned = onHold == null ? connect(dataSource) : null) {
            return run(onHold == null ? owned : onHold, text, args, results);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T run(Connection c, String text, List<?> args, Results<T> results) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(text.replace("${schema}", runtime.servingSchema(projection)))) {
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case String[] texts -> ps.setArray(i + 1, c.createArrayOf("text", texts));
                    case Double[] numbers -> ps.setArray(i + 1, c.createArrayOf("float8", numbers));
                    case null -> ps.setObject(i + 1, null);
                    default -> ps.setObject(i + 1, args.get(i));
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                return results.read(rs);
            }
        }
    }

    /** The conditions of optional filters, {@code " and <condition>"} for each filter given, and what they bind. */
    public static final class Filters {
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> args = new ArrayList<>();

        /** Adds {@code condition} (with one {@code ?}) bound to {@code value}, unless the value is null. */
        public Filters and(String condition, Object value) {
            if (value != null) {
                sql.append(" and ").append(condition);
                args.add(value);
            }
            return this;
        }

        public String sql() {
            return sql.toString();
        }

        public List<Object> args() {
            return args;
        }
    }
}
