package io.multivector.projection.readmodel;

import io.agroal.api.AgroalDataSource;
import io.multivector.projection.runtime.AnswerReach;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The version of each generation's read model (bumped in every applied batch's transaction), kept in memory so that
 * an answer's ETag costs no query: every batch notifies {@link #CHANNEL} as it commits, whichever instance applied
 * it, with what it reached ({@link AnswerReach}), and one connection per service listens. While that connection is
 * down the versions are unknown and readers ask the database ({@link #read}), which also seeds them. A version is at
 * most one notification behind the database: an answer may then be newer than its tag, never older. A batch this
 * instance applies is known here as it commits, not a notification later ({@link #committing}, {@link #committed}):
 * after a write is seen applied, this instance's answers and their tags follow it at once, so a cached answer ({@link
 * CachedAnswers}) is never served for it.
 */
@ApplicationScoped
public class ModelVersions {

    /** The channel every applied batch notifies with {@code "<schema> <version> <reach>"} ({@link AnswerReach#wire}). */
    public static final String CHANNEL = "multivector_model_version";

    private static final Logger LOG = Logger.getLogger(ModelVersions.class);

    private final AgroalDataSource dataSource;
    private final String url;
    private final String user;
    private final String password;
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    /**
     * What the batch of each recent version reached, by schema: from the notifications and this instance's commits, so a
     * kept answer that none of the batches since reached can be served again ({@link #reachedBetween}).
     */
    private final Map<String, ConcurrentSkipListMap<Long, AnswerReach>> reaches = new ConcurrentHashMap<>();
    /** Schemas with a batch of this instance committing: their version is read from the database until it is known. */
    private final Map<String, Integer> committing = new ConcurrentHashMap<>();
    private volatile boolean listening;
    /** Bumped whenever the listener (re)starts and forgets what it knew. */
    private volatile long epoch;
    private volatile boolean stopped;
    private Thread listener;

    public ModelVersions(AgroalDataSource dataSource, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
                         @ConfigProperty(name = "quarkus.datasource.username") String user,
                         @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.dataSource = dataSource;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void start(@Observes StartupEvent ev) {
        // a platform thread: pgjdbc blocks in its socket read under a lock, which would pin a virtual thread's carrier
        listener = Thread.ofPlatform().name("model-versions").daemon().start(this::listen);
    }

    void stop(@Observes ShutdownEvent ev) {
        stopped = true;
        if (listener != null) {
            listener.interrupt();
        }
    }

    /** The version of {@code schema}'s read model, from memory when the listener is up, else from the database. */
    public long version(String schema) throws SQLException {
        OptionalLong known = known(schema);
        return known.isPresent() ? known.getAsLong() : read(schema);
    }

    /** The version of {@code schema} heard from notifications (or seeded while listening); empty when not known. */
    OptionalLong known(String schema) {
        Long v = listening && !committing.containsKey(schema) ? versions.get(schema) : null;
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /**
     * A batch of this instance is about to commit into {@code schema}: until {@link #committed}, its version is read
     * from the database, which knows whether the commit has happened.
     */
    public void committing(String schema) {
        committing.merge(schema, 1, Integer::sum);
    }

    /**
     * The batch announced by {@link #committing} is over: committed at {@code version}, or 0 when it was not, having
     * reached {@code reach}.
     */
    public void committed(String schema, long version, AnswerReach reach) {
        if (version > 0) {
            reached(schema, version, reach);
            if (listening) {
                versions.merge(schema, version, Math::max);
            }
        }
        committing.computeIfPresent(schema, (s, n) -> n == 1 ? null : n - 1);
    }

    /** How many versions back a schema's reaches are kept: an answer kept from before them is computed again. */
    static final int REACHES_KEPT = 4_096;

    /** Known before the version is: whoever sees the version finds what its batch reached. */
    private void reached(String schema, long version, AnswerReach reach) {
        ConcurrentSkipListMap<Long, AnswerReach> log = reaches.computeIfAbsent(schema, s -> new ConcurrentSkipListMap<>());
        log.put(version, reach);
        while (log.size() > REACHES_KEPT) {
            log.pollFirstEntry();
        }
    }

    /**
     * What the batches after version {@code from} up to {@code to} of {@code schema} reached; every answer when one of
     * them is not known here (a notification missed, or too long ago) or {@code to} is before {@code from}.
     */
    public AnswerReach reachedBetween(String schema, long from, long to) {
        if (to < from || to - from > REACHES_KEPT) {
            return AnswerReach.EVERY_ANSWER;
        }
        ConcurrentSkipListMap<Long, AnswerReach> log = reaches.get(schema);
        AnswerReach all = AnswerReach.NONE;
        for (long v = from + 1; v <= to && !all.everyAnswer(); v++) {
            AnswerReach r = log == null ? null : log.get(v);
            all = r == null ? AnswerReach.EVERY_ANSWER : all.and(r);
        }
        return all;
    }

    /**
     * Reads the version from the database and keeps it when the listener was up throughout (versions only grow, so
     * the larger one known is the truth); one read before the listener started could miss a batch it never hears of.
     */
    long read(String schema) throws SQLException {
        boolean wasListening = listening;
        long since = epoch;
        try (Connection c = ServingReads.connect(dataSource); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select version from " + schema + ".model_version")) {
            long v = rs.next() ? rs.getLong(1) : 0;
            // one read while a batch commits may be from before it: kept all the same, since versions only grow (max)
            // and known() asks the database until the batch's end has set its own
            if (wasListening && listening && since == epoch) {
                versions.merge(schema, v, Math::max);
            }
            return v;
        }
    }

    private void listen() {
        while (!stopped) {
            // its own connection, not the pool's: a listening session must not serve queries, nor go back to the
            // pool broken when the database drops it
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("listen " + CHANNEL);
                // listening before anything is read: no batch committed from here on goes unnoticed
                versions.clear();
                epoch++;
                listening = true;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!stopped) {
                    PGNotification[] arrived = pg.getNotifications(1000);
                    if (arrived == null) {
                        continue;
                    }
                    for (PGNotification n : arrived) {
                        String[] parts = n.getParameter().split(" ", 3);
                        long version = Long.parseLong(parts[1]);
                        reached(parts[0], version, AnswerReach.fromWire(parts.length > 2 ? parts[2] : null));
                        versions.merge(parts[0], version, Math::max);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!stopped) {
                    LOG.debugf("model versions: listening failed (%s); answers read them from the database meanwhile", e.toString());
                    pause();
                }
            }
        }
        listening = false;
    }

    private void pause() {
        try {
            Thread.sleep(1000); // the database is away: try again in a second, readers fall back to queries
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
