package io.multivector.bench;

import io.multivector.devstack.DevInfrastructure;
import io.multivector.devstack.EmbeddedDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What PostgreSQL spent per statement while a kind of read was measured, from {@code pg_stat_statements} (which the
 * dev stack's database preloads): which of an answer's statements take its database time, not only how much.
 */
final class StatementTimes {

    /** One statement's share of a measured run: per request, how often it ran and how long it executed. */
    record Share(String database, String query, double callsPerRequest, double msPerRequest, double rowsPerCall) {
    }

    private final String url;

    StatementTimes(DevInfrastructure infra) {
        // the view covers every database of the cluster; its functions live where the extension is created
        this.url = infra.jdbcUrl("postgres");
    }

    /** Forgets what was counted so far. */
    void reset() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create extension if not exists pg_stat_statements");
            s.execute("select pg_stat_statements_reset()");
        }
    }

    /** The statements that took the most execution time since {@link #reset}, per request of a run of {@code requests}. */
    List<Share> top(int limit, long requests) throws SQLException {
        List<Share> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select d.datname, s.query, s.calls, s.total_exec_time, s.rows from pg_stat_statements s"
                     + " join pg_database d on d.oid = s.dbid where d.datname <> 'postgres' order by s.total_exec_time desc limit " + limit)) {
            while (rs.next()) {
                long calls = rs.getLong(3);
                out.add(new Share(rs.getString(1), rs.getString(2).replaceAll("\\s+", " "), (double) calls / Math.max(1, requests),
                        rs.getDouble(4) / Math.max(1, requests), calls == 0 ? 0 : (double) rs.getLong(5) / calls));
            }
        }
        return out;
    }

    private Connection connect() throws SQLException {
        return EmbeddedDatabase.connect(url);
    }
}
