package io.multivector.bench;

import io.multivector.devstack.DevInfrastructure;
import io.multivector.devstack.EmbeddedDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What PostgreSQL's documentation asks for after a bulk load ("Populating a Database": run ANALYZE), done before
 * any stage times reads: {@code VACUUM (ANALYZE)} of every database of the stack. A million events loaded in minutes
 * leave tables of a million rows without statistics, hint bits or visibility map, and autovacuum does that work on
 * its own schedule, which put it in the first minutes after the bulk stage: inside the queries stage's first kinds
 * (bench/README, "… reads timed after the bulk load's vacuum").
 */
final class BulkLoadVacuum {

    private BulkLoadVacuum() {
    }

    /** Vacuums and analyzes every database of {@code infra}; the seconds it took. */
    static double run(DevInfrastructure infra) throws SQLException {
        long t0 = System.nanoTime();
        for (String database : DevInfrastructure.DATABASES) {
            try (Connection c = EmbeddedDatabase.connect(infra.jdbcUrl(database));
                 Statement s = c.createStatement()) {
                s.execute("vacuum (analyze)");
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
