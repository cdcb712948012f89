package io.multivector.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A real PostgreSQL server from Maven artifacts (zonky's embedded binaries), on loopback, with its
 * data in a directory that survives restarts (initdb runs only when the directory is new).
 */
public final class EmbeddedDatabase {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final Path dir;
    private final int port;
    private final boolean durable;
    private volatile EmbeddedPostgres postgres;

    /**
     * @param durable fsync and synchronous commit on, as a store of record needs (DESIGN §3: a 201 means the event is
     *                on disk); off only where a test asks for it explicitly
     */
    public EmbeddedDatabase(Path dir, int port, boolean durable) {
        this.dir = dir;
        this.port = port;
        this.durable = durable;
    }

    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            Files.createDirectories(dir.getParent());
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("shared_buffers", "256MB")
                    // short queries only: compiling a plan with LLVM would cost more than running it
                    .setServerConfig("jit", "off")
                    // time per statement (the bench's query cost names an answer's costliest); loaded only at start
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    // when a row was committed (the bench times the read model's freshness by it); set only at start
                    .setServerConfig("track_commit_timestamp", "on")
                    // the library starts PostgreSQL with -F (no fsync) and synchronous_commit off; a later -c wins
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start in " + dir, e);
        }
    }

    public synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            postgres = null;
        }
    }

    /**
     * Kills the server as a crash would: SIGKILL to the postmaster and every backend at once, no checkpoint, no
     * shutdown record. The next {@link #start()} recovers from the write-ahead log.
     */
    public synchronized void kill() {
        if (postgres == null) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).getFirst().trim());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
            List<ProcessHandle> all = new java.util.ArrayList<>(postmaster.descendants().toList());
            all.add(postmaster);
            all.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle p : all) {
                p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            // Releases the library's lock on the directory; its own stop finds no server and says so.
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("PostgreSQL did not die", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        postgres = null;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A connection to a database of the dev stack (its {@link #jdbcUrl}, with any parameters) as its superuser. */
    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    public void createDatabaseIfMissing(String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a database name: " + name);
        }
        try (Connection c = connect(jdbcUrl("postgres"))) {
            try (PreparedStatement ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
    }
}
