package io.multivector.bench;

import io.multivector.devstack.DevInfrastructure;
import io.multivector.devstack.EmbeddedDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * When treaties reached the relations read model: the commit time of the projector's transaction that wrote each
 * one's row, from PostgreSQL's commit timestamps (the dev stack's database tracks them). Every event of a run is
 * timed this way without a request to the system under test; probing each through the API at a fine pace would add
 * a load that grows with the lag it measures.
 */
final class ReadModelCommits {

    private final String url;

    ReadModelCommits(DevInfrastructure infra) {
        this.url = infra.jdbcUrl("relations");
    }

    /**
     * The commit time (epoch microseconds) of each treaty whose id starts with {@code prefix}, from {@code schema}'s
     * signings, once {@code expected} of them are there or {@code deadlineNanos} ({@link System#nanoTime}) passed.
     */
    Map<String, Long> treatiesSigned(String schema, String prefix, int expected, long deadlineNanos)
            throws SQLException, InterruptedException {
        try (Connection c = EmbeddedDatabase.connect(url);
             PreparedStatement ps = c.prepareStatement("select treaty_id, (extract(epoch from pg_xact_commit_timestamp(xmin))"
                     + " * 1000000)::bigint from \"" + schema + "\".treaty_signing where treaty_id like ?")) {
            ps.setString(1, prefix.replace("_", "\\_").replace("%", "\\%") + "%");
            while (true) {
                Map<String, Long> committed = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long micros = rs.getLong(2);
                        if (rs.wasNull()) {
                            throw new IllegalStateException("no commit timestamp for " + rs.getString(1)
                                    + ": the database runs without track_commit_timestamp");
                        }
                        committed.put(rs.getString(1), micros);
                    }
                }
                if (committed.size() >= expected || System.nanoTime() > deadlineNanos) {
                    return committed;
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }
}
