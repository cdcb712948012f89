package io.multivector.ingest.store.service;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.multivector.events.Event;
import io.multivector.events.EventCodec;
import io.multivector.events.catalogue.CatalogueRules;
import io.multivector.ingest.relay.service.CommittedRows;
import io.multivector.ingest.relay.service.RelayRow;
import io.multivector.ingest.store.config.StoreConfig;
import io.multivector.ingest.store.repository.EventRepository;
import io.multivector.ingest.store.repository.NewEvent;
import io.multivector.platform.problem.Problem;
import io.multivector.platform.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The one writer of the event store. Appends from concurrent requests queue here and are written
 * together, one transaction per group: fewer commits under load, and sequence numbers that are
 * gap-free and committed in order. For each group it reads a {@link StoreView}, lets the
 * {@link AppendRules} plan every request, and writes what they planned; each request still succeeds
 * or fails on its own, whole.
 */
@ApplicationScoped
public class EventAppender {

    private static final Logger LOG = Logger.getLogger(EventAppender.class);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final AgroalDataSource dataSource;
    private final EventRepository repository;
    private final EventCodec codec;
    private final StoreConfig config;
    private final CommittedRows committedRows;
    private final Counter stored;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(4096);
    private volatile Thread writer;

    /** A request waiting for its group's commit. */
    private record Pending(AppendRules.Request request, CompletableFuture<List<Appended>> result) {
    }

    public EventAppender(AgroalDataSource dataSource, EventRepository repository, EventCodec codec, StoreConfig config,
                         CommittedRows committedRows, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.repository = repository;
        this.codec = codec;
        this.config = config;
        this.committedRows = committedRows;
        this.stored = Counter.builder("multivector.events.stored").description("events appended to the store").register(registry);
    }

    void start(@Observes StartupEvent ev) {
        writer = Thread.ofPlatform().name("event-writer").daemon().start(this::writeLoop);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (writer != null) {
            writer.interrupt();
        }
    }

    /** Appends one event; {@code expectedVersion} (If-Match) must equal the stream's current version. */
    public Uni<Appended> appendOne(Event event, Long expectedVersion, Correlation correlation) {
        return submit(new AppendRules.Request(List.of(event), expectedVersion, i -> "", correlation)).map(List::getFirst);
    }

    /** Appends a batch, all or nothing; violations point at {@code /lines/<i>}. */
    public Uni<List<Appended>> appendBatch(List<Event> events, Correlation correlation) {
        return submit(new AppendRules.Request(events, null, i -> "/lines/" + i, correlation));
    }

    /** Queues the append; the writer completes it, so no thread waits for the commit. */
    private Uni<List<Appended>> submit(AppendRules.Request request) {
        Pending p = new Pending(request, new CompletableFuture<>());
        if (!queue.offer(p)) {
            return Uni.createFrom().failure(new ProblemException(Problem.of(503, "busy", "Service Unavailable",
                    "the event store is taking more appends than it can write; retry shortly")));
        }
        return Uni.createFrom().completionStage(p.result())
                .ifNoItem().after(WAIT).failWith(() -> new ProblemException(Problem.of(503, "store-timeout", "Service Unavailable",
                        "the append did not complete within " + WAIT.toSeconds() + " s; retry with the same id, it is idempotent")));
    }

    private void writeLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            List<Pending> group = new ArrayList<>();
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            int events = group.getFirst().request().events().size();
            Pending next;
            while (events < config.maxEventsPerTransaction() && (next = queue.peek()) != null
                    && events + next.request().events().size() <= config.maxEventsPerTransaction()) {
                group.add(queue.poll());
                events += next.request().events().size();
            }
            write(group);
        }
    }

    private void write(List<Pending> group) {
        try {
            Map<Pending, List<Appended>> done = writeTogether(group);
            done.forEach((p, r) -> p.result().complete(r));
        } catch (CommitOutcomeUnknown e) {
            // Writing each request again alone could answer "not stored" for events that are: say what is known.
            LOG.warn("the commit of a group of {} appends may or may not have happened", group.size(), e.getCause());
            group.forEach(p -> p.result().completeExceptionally(new ProblemException(Problem.of(503, "store-outcome-unknown",
                    "Service Unavailable", "the event store went away while committing, so the event may or may not be stored;"
                            + " retry with the same id: it answers 200 if it was, 201 if it is stored now"))));
        } catch (SQLException | RuntimeException e) {
            if (group.size() > 1) {
                // One request may have broken the group's transaction; give each its own.
                group.forEach(p -> write(List.of(p)));
                return;
            }
            LOG.warn("append failed", e);
            // Nothing was committed: the transaction failed before its commit was sent.
            group.getFirst().result().completeExceptionally(e instanceof ProblemException pe ? pe
                    : new ProblemException(Problem.of(503, "store-unavailable", "Service Unavailable",
                    "the event store could not be written, and nothing was stored; retry with the same id, it is idempotent")));
        }
    }

    /** The commit was sent and no answer came back: the group's events are stored, or none is. */
    private static final class CommitOutcomeUnknown extends RuntimeException {
        CommitOutcomeUnknown(SQLException cause) {
            super(cause);
        }
    }

    /** Plans every request of the group, fails those that cannot be appended, writes the rest in one transaction. */
    private Map<Pending, List<Appended>> writeTogether(List<Pending> group) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (var st = c.createStatement()) {
                    // This transaction's statements look rows up by key from arrays of a group's ids and streams.
                    // PostgreSQL costs a cached generic plan for ten array elements, against a custom plan for the one
                    // or two a group has, so it planned the id and stream-version lookups again on every group: 0.1 ms
                    // each, more than they took to run.
                    st.execute("set local plan_cache_mode = force_generic_plan");
                }
                StoreView view = StoreView.read(c, repository, group.stream().flatMap(p -> p.request().events().stream()).toList());
                AppendRules rules = new AppendRules(view, codec);
                // Identity maps: a record's hashCode would hash whole events, again and again.
                Map<Pending, List<AppendRules.Planned>> plans = new IdentityHashMap<>();
                for (Pending p : group) {
                    try {
                        plans.put(p, rules.plan(p.request()));
                    } catch (ProblemException e) {
                        p.result().completeExceptionally(e);
                    }
                }
                List<AppendRules.Planned> fresh = group.stream().filter(plans::containsKey).flatMap(p -> plans.get(p).stream())
                        .filter(AppendRules.Planned::created).toList();
                Map<AppendRules.Planned, Long> sequences = new IdentityHashMap<>();
                List<RelayRow> relayed = new ArrayList<>(fresh.size());
                if (!fresh.isEmpty()) {
                    long first = repository.reserveSequences(c, fresh.size());
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    List<NewEvent> rows = new ArrayList<>(fresh.size());
                    for (int i = 0; i < fresh.size(); i++) {
                        AppendRules.Planned pl = fresh.get(i);
                        long seq = first + i;
                        sequences.put(pl, seq);
                        Event stored = pl.event().stored(pl.id(), pl.stream(), now, seq, pl.streamVersion());
                        rows.add(new NewEvent(seq, pl.id(), pl.stream(), pl.streamVersion(), pl.event().type().typeName(),
                                pl.topic(), pl.event().data().occurredOn().firstDay(), now,
                                CatalogueRules.actorsOf(pl.event().data()), EntityReference.carriedBy(pl.event()), pl.contentSha256(),
                                new String(codec.encode(stored, pl.data()), StandardCharsets.UTF_8),
                                pl.correlation().requestId(), pl.correlation().traceparent(), pl.correlation().writtenBy()));
                    }
                    repository.insert(c, rows);
                    rows.forEach(r -> relayed.add(new RelayRow(r.sequence(), r.stream(), r.topic(), r.envelope(), r.requestId(),
                            r.traceparent())));
                }
                try {
                    c.commit();
                } catch (SQLException e) {
                    throw new CommitOutcomeUnknown(e);
                }
                committedRows.handOff(relayed);
                stored.increment(fresh.size());
                Map<Pending, List<Appended>> results = new IdentityHashMap<>();
                plans.forEach((p, planned) -> results.put(p, planned.stream().map(pl -> {
                    if (pl.created()) {
                        return new Appended(pl.id(), sequences.get(pl), pl.stream(), pl.streamVersion(), pl.topic(), true);
                    }
                    if (pl.replayOf() != null) {
                        return pl.replayOf();
                    }
                    AppendRules.Planned first = pl.sameAs();
                    return new Appended(first.id(), sequences.get(first), first.stream(), first.streamVersion(), first.topic(), false);
                }).toList()));
                return results;
            } catch (CommitOutcomeUnknown e) {
                throw e;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    /** A dead connection cannot roll back either; the first failure is the one to report. */
    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
