package io.multivector.bench;

import io.multivector.devstack.DevInfrastructure;
import io.multivector.devstack.EmbeddedDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether autovacuum ran while a stage was timed, sampled from {@code pg_stat_activity} twice a second: its work is
 * the database's CPU too, and a kind measured beside it pays for it (bench/README, "… reads timed after the bulk
 * load's vacuum").
 */
final class AutovacuumWatch implements AutoCloseable {

    private final String url;
    private final Thread sampler;
    private final AtomicInteger samples = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final Set<String> seen = new TreeSet<>();
    private volatile boolean running = true;

    AutovacuumWatch(DevInfrastructure infra) {
        this.url = infra.jdbcUrl("postgres");
        this.sampler = Thread.ofPlatform().name("bench-autovacuum-watch").daemon().start(this::sample);
    }

    private void sample() {
        try (Connection c = EmbeddedDatabase.connect(url);
             Statement s = c.createStatement()) {
            while (running) {
                boolean any = false;
                try (ResultSet rs = s.executeQuery("select datname || ': ' || query from pg_stat_activity"
                        + " where backend_type = 'autovacuum worker' and query <> ''")) {
                    while (rs.next()) {
                        any = true;
                        synchronized (seen) {
                            seen.add(rs.getString(1));
                        }
                    }
                }
                samples.incrementAndGet();
                if (any) {
                    busy.incrementAndGet();
                }
                Thread.sleep(500);
            }
        } catch (SQLException e) {
            synchronized (seen) {
                seen.add("(not watched: " + e.getMessage() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The share of samples in which an autovacuum worker was at work, in percent. */
    double busyPercent() {
        return samples.get() == 0 ? 0 : 100.0 * busy.get() / samples.get();
    }

    /** What the workers were seen doing ("database: autovacuum: VACUUM table"). */
    Set<String> seen() {
        synchronized (seen) {
            return new TreeSet<>(seen);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join(5_000);
    }
}
