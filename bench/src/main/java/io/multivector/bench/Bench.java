package io.multivector.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multivector.devstack.ServiceProcess;
import io.multivector.events.Topic;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * {@code ./multivector bench [--smoke] [--events N] ...}: the system against raw Kafka and raw
 * PostgreSQL in one run. Prints a table and writes {@code bench/results/<date>.json}. Exits 1 when a
 * stage failed (errors, not slowness: targets missed are reported, not fatal).
 */
public final class Bench {

    /** Sizes; {@code --smoke} starts from small ones, any flag overrides. */
    static final class Options {
        boolean smoke;
        int events = 1_000_000;
        /** Rows of the generated GDELT export the import stage takes: a day's export. */
        int importRows = 200_000;
        int batch = 10_000;
        int bulkConcurrency = 2;
        double singleRate = 1000;
        double seconds = 30;
        int maxWorkers = 32;
        double freshRate = 1000;
        double queryRate = 500;
        long seed = 42;
        Path out;
        /** Where each service's JFR recording goes (profile settings), when profiling. */
        Path jfr;
        /** Options added to every service's JVM (after the stack's own), e.g. {@code -XX:TieredStopAtLevel=4}. */
        List<String> jvm = List.of();
        /** Leave the stack running after the stages (until the bench is stopped), to look into it. */
        boolean keep;
        /** The stages to run (null: all); start-up and memory are always measured. */
        java.util.Set<String> stages;
        Path repo = Path.of("").toAbsolutePath();

        static Options parse(String[] args) {
            Options o = new Options();
            for (String a : args) {
                if (a.equals("--smoke")) {
                    o.smoke = true;
                    o.events = 20_000;
                    o.batch = 2_000;
                    o.singleRate = 200;
                    o.seconds = 3;
                    o.maxWorkers = 16;
                    o.freshRate = 100;
                    o.queryRate = 100;
                    o.importRows = 5_000;
                }
            }
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--smoke" -> { }
                    case "--events" -> o.events = Integer.parseInt(args[++i]);
                    case "--import-rows" -> o.importRows = Integer.parseInt(args[++i]);
                    case "--batch" -> o.batch = Math.min(10_000, Integer.parseInt(args[++i]));
                    case "--bulk-concurrency" -> o.bulkConcurrency = Integer.parseInt(args[++i]);
                    case "--rate" -> o.singleRate = Double.parseDouble(args[++i]);
                    case "--seconds" -> o.seconds = Double.parseDouble(args[++i]);
                    case "--max-workers" -> o.maxWorkers = Integer.parseInt(args[++i]);
                    case "--fresh-rate" -> o.freshRate = Double.parseDouble(args[++i]);
                    case "--query-rate" -> o.queryRate = Double.parseDouble(args[++i]);
                    case "--seed" -> o.seed = Long.parseLong(args[++i]);
                    case "--out" -> o.out = Path.of(args[++i]);
                    case "--repo" -> o.repo = Path.of(args[++i]).toAbsolutePath();
                    case "--keep" -> o.keep = true;
                    case "--jfr" -> o.jfr = Path.of(args[++i]).toAbsolutePath();
                    case "--jvm" -> o.jvm = List.of(args[++i].trim().split("\\s+"));
                    case "--stages" -> o.stages = new java.util.LinkedHashSet<>(List.of(args[++i].split(",")));
                    default -> {
                        System.err.println("""
                                usage: ./multivector bench [--smoke] [--events N] [--batch N] [--bulk-concurrency N]
                                         [--rate R] [--seconds S] [--max-workers N] [--fresh-rate R] [--query-rate R]
                                         [--seed N] [--out FILE] [--jfr DIR] [--jvm "OPTIONS"] [--keep] [--import-rows N]
                                         [--stages raw,bulk,single,freshness,queries,querycost,knownat,replay,import]""");
                        System.exit(2);
                    }
                }
            }
            return o;
        }
    }

    /** One line of the table. */
    record Row(String section, String figure, double value, String unit, String target, Boolean pass) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Options o;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final ObjectNode details = JSON.createObjectNode();
    private BenchStack stack;
    private EventGenerator gen;
    private long lastBulkBatch = -1;
    /** When half of the bulk batches had answered 201: the known-at stage's {@code knownAt}. */
    private java.time.Instant bulkHalfStored;
    private final Map<String, Double> peakMiB = new ConcurrentHashMap<>();
    private volatile boolean sampling;

    private Bench(Options o) {
        this.o = o;
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        long t0 = System.nanoTime();
        Bench b = new Bench(o);
        int code = b.run();
        System.out.printf("bench: finished in %.1f s%s%n", (System.nanoTime() - t0) / 1e9, code == 0 ? "" : " with failed stages");
        System.exit(code);
    }

    private int run() throws Exception {
        System.out.printf("bench: %s mode, %,d events, batches of %,d; starting broker, database and services...%n",
                o.smoke ? "smoke" : "full", o.events, o.batch);
        long t0 = System.nanoTime();
        try {
            stack = BenchStack.start(o.repo, o.smoke ? "512m" : "768m", o.jfr, o.jvm);
        } catch (Exception e) {
            failures.put("start-up", e.toString());
            report(t0);
            return 1;
        }
        try {
            stage("start-up", this::startup);
            Thread sampler = Thread.ofPlatform().daemon().name("rss-sampler").start(this::sample);
            gen = new EventGenerator(o.seed);
            List<List<EventGenerator.Generated>> batches = generateBulk();
            List<EventGenerator.Generated> all = batches.stream().flatMap(List::stream).toList();
            stage("raw", "raw baselines", () -> raw(all));
            stage("bulk", "bulk ingest", () -> bulk(batches, all.size()));
            // a stage of its own, so that neither the bulk's figures nor the next stage's hold it
            stage("bulk", "vacuum after the bulk load", () -> row("vacuum after the bulk load",
                    "VACUUM (ANALYZE) of every database (BulkLoadVacuum)", BulkLoadVacuum.run(stack.infra), "s", "", null));
            stage("single", "single-event ingest", this::single);
            stage("freshness", "freshness", this::freshness);
            stage("queries", "queries", this::queries);
            stage("querycost", "query cost", this::queryCost);
            stage("knownat", "known at", this::knownAt);
            stage("replay", "replay", this::replay);
            stage("import", "GDELT import", this::gdeltImport);
            stage("dead letters", this::deadLetters);
            sampling = false;
            sampler.join(2000);
            stage("memory under load", this::memoryUnderLoad);
            if (o.keep) {
                report(t0); // now: Ctrl-C ends the JVM in keepRunning, which never comes back here
                keepRunning();
            }
        } finally {
            System.out.println("bench: stopping the stack...");
            stack.close();
            if (failures.isEmpty()) {
                stack.deleteDir();
            } else {
                System.out.println("bench: logs kept in " + stack.dir.resolve("logs"));
            }
        }
        if (!o.keep) {
            report(t0);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    /** Leaves the stack up for a look inside (queries, plans, logs) until the bench is interrupted. */
    private void keepRunning() throws InterruptedException {
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            main.interrupt();
            stack.close();
        }));
        System.out.printf("bench: --keep: gateway %s, reader key %s, writer key %s, admin key %s, relations database %s;"
                        + " stop with Ctrl-C (or SIGTERM)%n", stack.gateway(), stack.keys.reader(), stack.keys.writer(), stack.keys.admin(),
                stack.infra.jdbcUrl("relations"));
        Thread.sleep(Long.MAX_VALUE);
    }

    interface Stage {
        void run() throws Exception;
    }

    /** A stage chosen by {@code --stages} (all by default). */
    private void stage(String key, String name, Stage s) {
        if (o.stages == null || o.stages.contains(key)) {
            stage(name, s);
        }
    }

    private void stage(String name, Stage s) {
        awaitQuiet(name);
        long t = System.nanoTime();
        System.out.printf("bench: %s...%n", name);
        Map<String, Double> cpuBefore = stack.cpuSeconds();
        try {
            s.run();
        } catch (Exception | AssertionError e) {
            failures.put(name, e.toString());
            System.out.printf("bench: %s FAILED: %s%n", name, e);
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        // Where the stage's CPU went: on 2 cores, a stage limited by CPU shows about 2 s of CPU per second.
        ObjectNode cpu = details.withObject("/cpuSeconds").putObject(name);
        StringBuilder line = new StringBuilder();
        stack.cpuSecondsSince(cpuBefore).forEach((process, used) -> {
            cpu.put(process, used);
            line.append(String.format(", %s %.1f", process, used));
        });
        System.out.printf("bench: %s took %.1f s; CPU s%s%n", name, seconds, line);
    }

    /**
     * Waits (at most two minutes) until the stack uses under a quarter of a core: what an earlier stage left running
     * (requests the load generator gave up on, a projection catching up, a checkpoint) must not be measured as this
     * stage's. The wait is written under {@code details.quietWaitSeconds}.
     */
    private void awaitQuiet(String stage) {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(2);
        Map<String, Double> before = stack.cpuSeconds();
        try {
            while (System.nanoTime() < deadline) {
                Thread.sleep(1_000);
                Map<String, Double> now = stack.cpuSeconds();
                double used = 0;
                for (Map.Entry<String, Double> e : now.entrySet()) {
                    if (!e.getKey().startsWith("bench")) {
                        used += e.getValue() - before.getOrDefault(e.getKey(), 0.0);
                    }
                }
                if (used < 0.25) {
                    break;
                }
                before = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double waited = (System.nanoTime() - t0) / 1e9;
        details.withObject("/quietWaitSeconds").put(stage, waited);
        if (System.nanoTime() >= deadline) {
            System.out.printf("bench: the stack was still busy 2 min before %s; measuring anyway%n", stage);
        }
    }

    private void row(String section, String figure, double value, String unit, String target, Boolean pass) {
        rows.add(new Row(section, figure, value, unit, target, pass));
    }

    // ---------------------------------------------------------------- start-up and memory

    private void startup() throws Exception {
        double total = (stack.infraMillis + stack.servicesMillis) / 1000.0;
        row("start-up", "broker + database started", stack.infraMillis / 1000.0, "s", "", null);
        row("start-up", "services launched -> all healthy", stack.servicesMillis / 1000.0, "s", "", null);
        row("start-up", "launch -> all healthy (total)", total, "s", "<= 30 s", total <= 30);
        row("start-up", "services restarted after failing to start" + (stack.restarts.isEmpty() ? "" : " " + stack.restarts),
                stack.restarts.size(), "", "0", stack.restarts.isEmpty());
        details.put("load average at start", Files.readString(Path.of("/proc/loadavg")).trim());
        Thread.sleep(3000);
        double sum = 0;
        for (var e : stack.processes().entrySet()) {
            double mib = BenchStack.memoryMiB(e.getKey(), e.getValue());
            sum += mib;
            row("memory idle", e.getKey(), mib, "MiB", "", null);
        }
        row("memory idle", "total", sum, "MiB", "<= 2048 MiB", sum <= 2048);
    }

    /**
     * Every how many samples PostgreSQL's memory is read too: its proportional set size ({@code smaps_rollup}) makes the
     * kernel walk each process's page tables. At 1,000,000 events, with the services' pools open (60 processes), one
     * read cost 133 ms of CPU: at two a second the sampler took a quarter of a core from the system it measured. The
     * database's memory grows slowly (its buffers fill, its connections stay), so a read every 30 s finds its peak.
     */
    private static final int DATABASE_SAMPLE_EVERY = 60;

    private void sample() {
        sampling = true;
        for (long n = 0; sampling; n++) {
            boolean database = n % DATABASE_SAMPLE_EVERY == 0;
            stack.processes().forEach((name, pids) -> {
                if (database || !name.equals("postgresql")) {
                    peakMiB.merge(name, BenchStack.memoryMiB(name, pids), Math::max);
                }
            });
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void memoryUnderLoad() {
        double sum = 0;
        for (var e : peakMiB.entrySet()) {
            sum += e.getValue();
            row("memory peak under load", e.getKey(), e.getValue(), "MiB", "", null);
        }
        row("memory peak under load", "total (sum of peaks)", sum, "MiB", "", null);
    }

    // ---------------------------------------------------------------- raw baselines and bulk ingest

    private List<List<EventGenerator.Generated>> generateBulk() {
        long t = System.nanoTime();
        List<List<EventGenerator.Generated>> batches = new ArrayList<>();
        int n = 0;
        for (int b = 0; n < o.events; b++) {
            // batch b is sent only after batch b - concurrency answered: it may refer to those and to itself
            gen.batch(b);
            gen.stored(b - o.bulkConcurrency);
            List<EventGenerator.Generated> batch = new ArrayList<>();
            for (int i = 0; i < o.batch && n < o.events; i++, n++) {
                batch.add(gen.next());
            }
            batches.add(batch);
        }
        long bytes = batches.stream().flatMap(List::stream).mapToLong(g -> g.json().length()).sum();
        System.out.printf("bench: generated %,d events (%.0f bytes each on average) in %.1f s%n", n, (double) bytes / n,
                (System.nanoTime() - t) / 1e9);
        details.put("averageLineBytes", (double) bytes / n);
        return batches;
    }

    private double rawKafka;
    private double rawInsert;
    private double rawUpsert;
    private double minimalPipeline;

    private void raw(List<EventGenerator.Generated> all) throws Exception {
        rawKafka = RawBaselines.kafka(stack.infra, all);
        row("raw baselines", "KafkaProducer acks=all idempotent", rawKafka, "rec/s", "", null);
        double[] jdbc = RawBaselines.jdbc(stack.infra, all, o.batch);
        rawInsert = jdbc[0];
        rawUpsert = jdbc[1];
        row("raw baselines", "JDBC batched insert", rawInsert, "rows/s", "", null);
        row("raw baselines", "JDBC batched upsert", rawUpsert, "rows/s", "", null);
        minimalPipeline = MinimalPipeline.run(stack.infra, all, o.batch);
        row("raw baselines", "minimal pipeline (JDBC insert, producer, 2 consumers upserting)", minimalPipeline, "ev/s", "", null);
    }

    private void bulk(List<List<EventGenerator.Generated>> batches, int total) throws Exception {
        List<String> topics = BenchStack.eventTopics();
        long before = stack.endOffsets(topics);
        URI uri = URI.create(stack.gateway() + "/events");
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int b = 0; b < batches.size(); b++) {
            if (b >= o.bulkConcurrency) {
                check(sent.get(b - o.bulkConcurrency).join(), 201, "batch " + (b - o.bulkConcurrency));
                stored(b - o.bulkConcurrency, batches.size());
            }
            StringBuilder body = new StringBuilder();
            for (EventGenerator.Generated g : batches.get(b)) {
                body.append(g.json()).append('\n');
            }
            sent.add(Load.HTTP.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "application/x-ndjson").header("Authorization", "Bearer " + stack.keys.writer())
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (int b = Math.max(0, batches.size() - o.bulkConcurrency); b < batches.size(); b++) {
            check(sent.get(b).join(), 201, "batch " + b);
            stored(b, batches.size());
        }
        double stored = (System.nanoTime() - t0) / 1e9;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120 + total / 500);
        while (stack.endOffsets(topics) - before < total) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + (stack.endOffsets(topics) - before) + " of " + total + " events published");
            }
            Thread.sleep(50);
        }
        double published = (System.nanoTime() - t0) / 1e9;
        awaitProjectionsCaughtUp(deadline);
        double projected = (System.nanoTime() - t0) / 1e9;
        double storedRate = total / stored;
        double publishedRate = total / published;
        row("bulk ingest", "stored (all 201)", storedRate, "ev/s", "", null);
        row("bulk ingest", "published (end offsets)", publishedRate, "ev/s", ">= 10,000 ev/s", publishedRate >= 10_000);
        if (rawKafka > 0) { // the raw stage ran
            row("bulk ingest", "published / minimal pipeline", publishedRate / minimalPipeline, "x", ">= 0.5x",
                    publishedRate / minimalPipeline >= 0.5);
            row("bulk ingest", "published / raw producer", publishedRate / rawKafka, "x", "", null);
            row("bulk ingest", "stored / raw JDBC insert", storedRate / rawInsert, "x", "", null);
        }
        row("bulk ingest", "projected by both (lag 0)", total / projected, "ev/s", "", null);
        details.put("bulkEvents", total);
        details.put("bulkStoredSeconds", stored);
        details.put("bulkPublishedSeconds", published);
        details.put("bulkProjectedSeconds", projected);
    }

    /** Batch {@code b} of {@code count} answered 201 (as did every one before it). */
    private void stored(int b, int count) {
        lastBulkBatch = b; // later stages refer only to what is stored
        if (bulkHalfStored == null && b + 1 >= (count + 1) / 2) {
            bulkHalfStored = java.time.Instant.now();
        }
    }

    private static void check(HttpResponse<String> r, int expected, String what) {
        if (r.statusCode() != expected) {
            throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + Load.clip(r.body()));
        }
    }

    private JsonNode projections() throws Exception {
        HttpResponse<String> r = Load.HTTP.send(HttpRequest.newBuilder(URI.create(stack.gateway() + "/admin/projections"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + stack.keys.admin()).build(),
                HttpResponse.BodyHandlers.ofString());
        check(r, 200, "GET /admin/projections");
        return JSON.readTree(r.body()).path("items");
    }

    /** The admin list's item of the projection {@code name}, or a missing node when the list has none. */
    private JsonNode projection(String name) throws Exception {
        for (JsonNode p : projections()) {
            if (name.equals(p.path("name").asText())) {
                return p;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private void awaitProjectionsCaughtUp(long deadline) throws Exception {
        while (true) {
            boolean all = true;
            for (JsonNode p : projections()) {
                all &= p.path("lag").asLong(-1) == 0 && p.path("rebuildingInto").isNull();
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("projections did not catch up: " + projections());
            }
            Thread.sleep(100);
        }
    }

    // ---------------------------------------------------------------- single events

    /**
     * Single POSTs of generated events, each referring only to events already stored (the bulk stage's), so that any
     * number of them can be in flight at once.
     */
    private LongFunction<Load.Call> singlePosts() {
        gen.batch(Long.MAX_VALUE / 2);
        gen.sameBatchReferences(false);
        gen.stored(lastBulkBatch);
        String uri = stack.gateway() + "/events";
        String writer = "Bearer " + stack.keys.writer();
        return i -> {
            String json;
            synchronized (gen) {
                json = gen.next().json();
            }
            return Load.Call.post(uri, writer, "application/cloudevents+json", json);
        };
    }

    /** The sweep's points, plotted beside the results file. */
    private final List<SweepPlot.Point> sweep = new ArrayList<>();

    /** Offered rates of the sweep: fixed steps around the target rate, and the {@code --rate} itself. */
    private List<Double> sweepRates() {
        java.util.TreeSet<Double> rates = new java.util.TreeSet<>();
        if (o.smoke) {
            rates.addAll(List.of(o.singleRate / 4, o.singleRate / 2));
        } else {
            rates.addAll(List.of(250.0, 500.0, 1000.0, 2000.0, 4000.0));
        }
        rates.add(o.singleRate);
        return List.copyOf(rates);
    }

    /** Callers of the write path's warm-up. */
    private static final int WARM_UP_CALLERS = 8;
    /** Length of the write path's warm-up in a full run; a smoke run warms for {@code --seconds}. */
    private static final double WRITE_WARM_UP_SECONDS = 45;
    private boolean writePathWarm;

    /**
     * Single POSTs from a few callers in a closed loop, once, before the first stage that times single POSTs; not
     * counted. The services' C2 compiles a single event's path only after thousands of them, and until then each
     * costs several times its warm CPU: on one kept stack (wrk, 8 connections, 2026-12-07) the first 15 s took 385
     * POSTs/s at 5.0 ms of CPU each over all processes, a minute later 1,745/s at 1.0 ms. A closed loop takes what the
     * stack can, so a cold stack is not buried under a backlog that the measured rates would inherit.
     */
    private void warmWritePath() throws InterruptedException {
        if (writePathWarm) {
            return;
        }
        Load.Run warm = Load.closedLoop(WARM_UP_CALLERS, o.smoke ? o.seconds : WRITE_WARM_UP_SECONDS, 201, singlePosts());
        System.out.printf(Locale.ROOT, "bench: write path warmed: %,d single POSTs, %.0f/s on average%n", warm.requests(),
                warm.perSecond());
        details.put("writeWarmUpPosts", warm.requests());
        errors("write path warm-up", warm);
        writePathWarm = true;
    }

    private void single() throws Exception {
        warmWritePath();
        LongFunction<Load.Call> post = singlePosts();
        Double highestWithinTarget = null;
        boolean keptUp = true;
        for (double rate : sweepRates()) {
            String at = "at " + (int) rate + "/s";
            if (!keptUp) {
                row("single POST", "sweep " + at + ": not run (the rate below was not kept up)", Double.NaN, "", "", null);
                continue;
            }
            Load.Run run = Load.fixedRate(rate, o.seconds, 201, post);
            sweep.add(new SweepPlot.Point(rate, run.perSecond(), run.p(50), run.p(99), run.timeouts()));
            if (rate == o.singleRate) {
                row("single POST", "throughput " + at, run.perSecond(), "req/s", "", null);
                row("single POST", "p50 " + at, run.p(50), "ms", "", null);
                row("single POST", "p99 " + at, run.p(99), "ms", o.singleRate >= 1000 ? "<= 25 ms" : "<= 25 ms (at 1k/s)",
                        o.singleRate >= 1000 ? run.p(99) <= 25 : null);
                row("single POST", "p99.9 " + at, run.p(99.9), "ms", "", null);
                row("single POST", "timed out (" + Load.TIMEOUT_MILLIS / 1000 + " s) or shed (503) " + at, run.overloaded(), "", "0", null);
                if (run.errors() > run.overloaded()) {
                    errors("single POST at " + at, run);
                }
            } else {
                row("single POST", "sweep " + at + ": achieved", run.perSecond(), "req/s", "", null);
                row("single POST", "sweep " + at + ": p50", run.p(50), "ms", "", null);
                row("single POST", "sweep " + at + ": p99", run.p(99), "ms", "", null);
                // above what the system can take, errors and timeouts are what the sweep is there to find
                row("single POST", "sweep " + at + ": failed", run.errors(), "", "", null);
                row("single POST", "sweep " + at + ": of them timed out or shed (503)", run.overloaded(), "", "", null);
                if (run.errors() > 0) {
                    details.put("sweep " + at + " first error", run.firstError());
                }
            }
            if (run.p(99) <= 25 && run.errors() == 0) {
                highestWithinTarget = rate;
            }
            // far past the target the next rate would only pile up a backlog that the max stage then inherits
            keptUp = run.perSecond() >= 0.8 * rate && run.overloaded() == 0 && run.p(99) <= 1_000;
        }
        row("single POST", "highest swept rate with p99 <= 25 ms", highestWithinTarget == null ? 0 : highestWithinTarget, "req/s",
                "", null);
        Load.Run max = Load.closedLoop(o.maxWorkers, o.seconds, 201, post);
        row("single POST", "max throughput (" + o.maxWorkers + " callers)", max.perSecond(), "req/s", ">= 3,000 req/s", max.perSecond() >= 3000);
        row("single POST", "p50 at max", max.p(50), "ms", "", null);
        row("single POST", "p99 at max", max.p(99), "ms", "", null);
        row("single POST", "p99.9 at max", max.p(99.9), "ms", "", null);
        errors("single POST at max", max);
    }

    private static void errors(String what, Load.Run r) {
        if (r.errors() > 0) {
            throw new IllegalStateException(what + ": " + r.errors() + " of " + r.requests() + " failed; first: " + r.firstError());
        }
    }

    // ---------------------------------------------------------------- freshness

    private static final java.util.regex.Pattern EVENT_ID = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");

    /**
     * Treaties a second asked for through the API until it answers them, beside every event's commit time: the API's
     * view of freshness, at a load (about 10 x 12 GETs a second at a 250 ms lag) small beside the POSTs.
     */
    private static final double API_PROBES_PER_SECOND = 10;
    /** The shortest wait between two asks of one probe. */
    private static final long API_PROBE_MILLIS = 20;

    private void freshness() throws Exception {
        warmWritePath();
        Map<String, Long> sseArrival = new ConcurrentHashMap<>();
        Thread sse = Thread.ofPlatform().daemon().name("sse").start(() -> {
            try {
                HttpResponse<java.io.InputStream> r = Load.HTTP.send(HttpRequest.newBuilder(
                                URI.create(stack.gateway() + "/stream?type=treaty.signed")).header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + stack.keys.reader()).build(), HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        // the SSE id is the event's sequence; the event id is the CloudEvent's own (its first "id")
                        if (line.startsWith("data:")) {
                            java.util.regex.Matcher m = EVENT_ID.matcher(line);
                            if (m.find()) {
                                sseArrival.putIfAbsent(m.group(1), System.nanoTime());
                            }
                        }
                    }
                }
            } catch (Exception e) {
                // the stream ends when the stack stops
            }
        });
        Thread.sleep(1500); // subscribed before the first event
        int n = (int) Math.round(o.freshRate * o.seconds);
        List<EventGenerator.Generated> events = new ArrayList<>(n);
        String run = Long.toString(System.currentTimeMillis(), 36);
        for (int i = 0; i < n; i++) {
            events.add(gen.freshTreaty("bench-fresh-" + run + "-" + i));
        }
        long[] answered = new long[n];
        // every event's 201 in the clock PostgreSQL stamps commits with (epoch microseconds)
        long epochMicrosAtNano0 = System.currentTimeMillis() * 1000 - System.nanoTime() / 1000;
        int probeEvery = (int) Math.max(1, Math.round(o.freshRate / API_PROBES_PER_SECOND));
        ConcurrentHistogram query = new ConcurrentHistogram(3);
        AtomicLong invisible = new AtomicLong();
        AtomicLong probes = new AtomicLong();
        String events_ = stack.gateway() + "/events";
        String writer = "Bearer " + stack.keys.writer();
        String reader = "Bearer " + stack.keys.reader();
        Load.Run posted = Load.fixedRate(o.freshRate, o.seconds, 201, i -> Load.Call.post(events_, writer,
                "application/cloudevents+json", events.get((int) i).json()), (index, at) -> {
            int i = index.intValue();
            answered[i] = at;
            if (i % probeEvery == 0) {
                probes.incrementAndGet();
                Load.awaitStatus(Load.Call.get(stack.gateway() + "/treaties/" + events.get(i).key(), reader), 200, at,
                        API_PROBE_MILLIS, TimeUnit.SECONDS.toNanos(30)).onComplete(seen -> {
                    if (seen.succeeded()) {
                        query.recordValue((seen.result() - at) / 1000);
                    } else {
                        invisible.incrementAndGet();
                    }
                });
            }
        });
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(35);
        while (query.getTotalCount() + invisible.get() < probes.get() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        JsonNode relations = projection("relations");
        if (relations.isMissingNode()) {
            throw new IllegalStateException("GET /admin/projections lists no relations projection");
        }
        String schema = relations.path("servingSchema").asText();
        int stored = (int) java.util.Arrays.stream(answered).filter(at -> at != 0).count();
        Map<String, Long> committed = new ReadModelCommits(stack.infra).treatiesSigned(schema, "bench-fresh-" + run + "-",
                stored, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
        Histogram readModel = new Histogram(3);
        for (int i = 0; i < n; i++) {
            Long at = committed.get(events.get(i).key());
            if (answered[i] != 0 && at != null) {
                // committed before its 201 reached the bench: 0
                readModel.recordValue(Math.max(0, at - (answered[i] / 1000 + epochMicrosAtNano0)));
            }
        }
        until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sseArrival.size() < n && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        Histogram stream = new Histogram(3);
        long missing = 0;
        for (int i = 0; i < n; i++) {
            if (answered[i] == 0) {
                continue; // its POST timed out: whether it was stored the bench cannot say
            }
            Long arrived = sseArrival.get(events.get(i).id());
            if (arrived == null) {
                missing++;
            } else {
                stream.recordValue(Math.max(0, (arrived - answered[i]) / 1000));
            }
        }
        sse.interrupt();
        String at = "at " + (int) o.freshRate + "/s";
        boolean full = o.freshRate >= 1000;
        row("freshness", "201 -> read model committed p50 " + at, p(readModel, 50), "ms", "", null);
        row("freshness", "201 -> read model committed p99 " + at, p(readModel, 99), "ms", full ? "<= 250 ms" : "<= 250 ms (at 1k/s)",
                full ? p(readModel, 99) <= 250 : null);
        row("freshness", "201 -> answered by /treaties/{id} p50 (" + probes.get() + " probes)", p(query, 50), "ms", "", null);
        row("freshness", "201 -> answered by /treaties/{id} p99", p(query, 99), "ms", "", null);
        row("freshness", "201 -> SSE /stream p50 " + at, p(stream, 50), "ms", "", null);
        row("freshness", "201 -> SSE p99 " + at, p(stream, 99), "ms", full ? "<= 100 ms" : "<= 100 ms (at 1k/s)",
                full ? p(stream, 99) <= 100 : null);
        row("freshness", "POST p99 while measuring", posted.p(99), "ms", "", null);
        row("freshness", "POSTs timed out (" + Load.TIMEOUT_MILLIS / 1000 + " s) or shed (503)", posted.overloaded(), "", "0", null);
        details.put("freshnessProbes", probes.get());
        if (posted.errors() > posted.overloaded()) {
            errors("freshness POSTs", posted);
        }
        if (invisible.get() > 0) {
            throw new IllegalStateException(invisible.get() + " treaties were not visible through /treaties/{id} within 30 s");
        }
        if (committed.size() < stored) {
            throw new IllegalStateException((stored - committed.size()) + " of " + stored + " stored treaties never reached the read model");
        }
        if (missing > 0) {
            throw new IllegalStateException(missing + " of " + n + " events never came through the SSE stream");
        }
    }

    private static double p(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    // ---------------------------------------------------------------- queries

    /** Events per second written while the queries stages query. */
    private static final double QUERY_STAGE_WRITES = 100;

    /** The rate of the known-at stage (issue 18: p99 at 100 rps). */
    private static final double KNOWN_AT_RATE = 100;

    /**
     * Every kind of query at a fixed rate, actors and pairs drawn from the generator's own Zipf distribution over all
     * actors, while writes go on at {@link #QUERY_STAGE_WRITES} a second (an answer cache never invalidated cannot
     * pass). Beside the latencies: PostgreSQL's CPU per request of each kind, the database's share of an answer.
     */
    private void queries() throws Exception {
        measureQueries("queries", queryKinds(new java.util.SplittableRandom(o.seed)), o.queryRate, 500);
    }

    /**
     * Requests before each kind of read is measured, not counted: long enough for the services' JIT (C2) to compile
     * that kind's path, so a figure is the steady state's and not the first seconds' after the bulk stage.
     */
    private static final int READ_WARM_UP_SECONDS = 5;

    /** Callers of the query cost stage: enough to keep both cores busy, few enough that nothing queues for long. */
    private static final int QUERY_COST_CALLERS = 4;

    /**
     * Each kind of the queries stage alone on a quiet stack: {@link #QUERY_COST_CALLERS} callers in a closed loop and
     * no writes, for {@code --seconds}, and the CPU each process used per answered request. At 500 rps the stack is
     * overloaded and the queries stage's CPU per request carries the writes and whatever ran meanwhile; this is the
     * steadier figure to compare a change by (issue 14).
     */
    private void queryCost() throws Exception {
        writesAloneCost();
        String reader = "Bearer " + stack.keys.reader();
        StatementTimes statements = new StatementTimes(stack.infra);
        for (var k : queryKinds(new java.util.SplittableRandom(o.seed + 2)).entrySet()) {
            awaitQuiet("query cost " + k.getKey());
            LongFunction<Load.Call> get = i -> Load.Call.get(stack.gateway() + k.getValue().apply(i), reader);
            Load.closedLoop(QUERY_COST_CALLERS, READ_WARM_UP_SECONDS, 200, get);
            statements.reset();
            Map<String, Double> before = stack.cpuSeconds();
            Load.Run run = Load.closedLoop(QUERY_COST_CALLERS, o.seconds, 200, get);
            Map<String, Double> used = stack.cpuSecondsSince(before);
            statementShares(statements, k.getKey(), run.requests());
            errors("query cost " + k.getKey(), run);
            row("query cost", k.getKey() + " requests/s (" + QUERY_COST_CALLERS + " callers, no writes)", run.perSecond(), "req/s", "", null);
            used.forEach((process, seconds) -> {
                double perRequest = run.requests() == 0 ? 0 : seconds * 1000 / run.requests();
                if (perRequest >= 0.05) {
                    row("query cost", k.getKey() + " CPU per request, " + process, perRequest, "ms", "", null);
                }
            });
        }
    }

    /** How many of a read's statements the query cost stage names, the costliest first. */
    private static final int STATEMENTS_SHOWN = 6;

    /** Which statements took a kind of read's database time: printed, and kept in the details of the results. */
    private void statementShares(StatementTimes statements, String kind, long requests) throws java.sql.SQLException {
        ArrayNode shares = details.withObject("/statements").putArray(kind);
        for (StatementTimes.Share share : statements.top(STATEMENTS_SHOWN, requests)) {
            System.out.printf("bench: %s: %.3f ms per request, %.2f calls of %.1f rows, %s: %s%n", kind, share.msPerRequest(),
                    share.callsPerRequest(), share.rowsPerCall(), share.database(),
                    share.query().length() > 160 ? share.query().substring(0, 160) + "..." : share.query());
            shares.addObject().put("database", share.database()).put("query", share.query())
                    .put("callsPerRequest", share.callsPerRequest()).put("msPerRequest", share.msPerRequest())
                    .put("rowsPerCall", share.rowsPerCall());
        }
    }

    /**
     * The queries stage's background alone: {@link #QUERY_STAGE_WRITES} single POSTs a second and no reads, with the
     * cores each process keeps busy meanwhile. Every kind of the queries stage shares the two cores with this.
     */
    private void writesAloneCost() throws Exception {
        awaitQuiet("query cost writes");
        LongFunction<Load.Call> post = singlePosts();
        Map<String, Double> before = stack.cpuSeconds();
        long start = System.nanoTime();
        Load.Run run = Load.fixedRate(QUERY_STAGE_WRITES, o.seconds, 201, post);
        awaitProjectionsCaughtUp(System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
        Map<String, Double> used = stack.cpuSecondsSince(before);
        double elapsed = (System.nanoTime() - start) / 1e9;
        errors("query cost writes", run);
        String kind = "writes alone (" + (int) QUERY_STAGE_WRITES + "/s, projected)";
        used.forEach((process, seconds) -> {
            double busy = seconds / elapsed;
            if (busy >= 0.005) {
                row("query cost", kind + " cores busy, " + process, busy, "cores", "", null);
            }
        });
    }

    /** The kinds of read the queries stages ask, each a path drawn from the generator's Zipf distribution. */
    private Map<String, LongFunction<String>> queryKinds(java.util.SplittableRandom r) {
        Map<String, LongFunction<String>> kinds = new LinkedHashMap<>();
        kinds.put("dyad /relations/{a}/{b}", i -> dyadPath(r));
        kinds.put("partners /relations/{a}", i -> "/relations/" + gen.sampleActor(r) + "?asOf=" + (2000 + r.nextInt(25)) + "&limit=10");
        kinds.put("balance /actors/{c}/balance", i -> "/actors/" + gen.sampleActor(r) + "/balance?from="
                + (1995 + r.nextInt(10)) + "&to=" + (2010 + r.nextInt(15)));
        kinds.put("route exposure /trade/exports/{c}/routes", i -> "/trade/exports/" + (r.nextBoolean() ? "KZ" : gen.sampleState(r))
                + "/routes?commodity=2709");
        kinds.put("profile /countries/{c}/profile", i -> "/countries/" + gen.sampleState(r) + "/profile");
        return kinds;
    }

    /**
     * Answers as known at a past recorded time (issue 18): the dyad and the profile with {@code knownAt} the moment half
     * of the bulk batches had been stored. The bench's store is minutes old, so that moment stands in for "a year back":
     * such an answer reads the per-event rows of the pair or actor asked about (the known half of them counts), where
     * today's answer reads maintained totals.
     */
    private void knownAt() throws Exception {
        if (bulkHalfStored == null) {
            throw new IllegalStateException("the known-at stage needs the bulk stage: its knownAt is when half the bulk was stored");
        }
        String known = "&knownAt=" + bulkHalfStored;
        details.put("knownAt", bulkHalfStored.toString());
        java.util.SplittableRandom r = new java.util.SplittableRandom(o.seed + 1);
        Map<String, LongFunction<String>> kinds = new LinkedHashMap<>();
        kinds.put("dyad /relations/{a}/{b} knownAt", i -> dyadPath(r) + known);
        kinds.put("profile /countries/{c}/profile knownAt", i -> "/countries/" + gen.sampleState(r) + "/profile?asOf=2024" + known);
        measureQueries("known at", kinds, Math.min(KNOWN_AT_RATE, o.queryRate), 0);
    }

    /**
     * The cores each process kept busy while a kind was measured (the writes' share included), and whether autovacuum
     * was at work meanwhile: printed, and kept in the results' details.
     */
    private void windowCores(String section, String kind, Map<String, Double> used, double seconds, AutovacuumWatch autovacuum) {
        StringBuilder line = new StringBuilder();
        com.fasterxml.jackson.databind.node.ObjectNode cores = details.withObject("/windowCores").putObject(section + " " + kind);
        used.forEach((process, cpu) -> {
            cores.put(process, cpu / seconds);
            line.append(String.format(" %s %.2f,", process, cpu / seconds));
        });
        System.out.printf("bench: %s %s: cores busy%s autovacuum at work %.0f %% of the window %s%n", section, kind, line,
                autovacuum.busyPercent(), autovacuum.seen());
        if (autovacuum.busyPercent() > 0) {
            row(section, kind + " autovacuum at work meanwhile", autovacuum.busyPercent(), "% of the window", "", null);
            cores.put("autovacuum", String.join("; ", autovacuum.seen()));
        }
    }

    private String dyadPath(java.util.SplittableRandom r) {
        String a = gen.sampleActor(r);
        String b;
        do {
            b = gen.sampleActor(r);
        } while (b.equals(a));
        return "/relations/" + a + "/" + b + "?asOf=" + (2000 + r.nextInt(25));
    }

    /**
     * Each kind for {@code --seconds} at {@code rate} after a warm-up, with single POSTs going on meanwhile.
     * @param targetRate the rate at which the 10 ms p99 target is judged (0: no target)
     */
    private void measureQueries(String section, Map<String, LongFunction<String>> kinds, double rate, double targetRate) throws Exception {
        String at = "at " + (int) rate + " rps";
        boolean judged = targetRate > 0 && rate >= targetRate;
        List<String> errs = new ArrayList<>();
        LongFunction<Load.Call> post = singlePosts();
        List<Load.Run> written = new ArrayList<>();
        for (var k : kinds.entrySet()) {
            // the writes go on for each kind's warm-up and window, however long an earlier kind's backlog took to
            // drain; on a thread of their own: the common pool (one worker on two cores) completes the HTTP answers
            var writes = new java.util.concurrent.FutureTask<>(() -> Load.fixedRate(QUERY_STAGE_WRITES,
                    o.seconds + READ_WARM_UP_SECONDS + 1, 201, post));
            Thread.ofPlatform().name("bench-writes").daemon().start(writes);
            String reader = "Bearer " + stack.keys.reader();
            LongFunction<Load.Call> get = i -> Load.Call.get(stack.gateway() + k.getValue().apply(i), reader);
            Load.fixedRate(rate, READ_WARM_UP_SECONDS, 200, get);
            Map<String, Double> before = stack.cpuSeconds();
            long windowStart = System.nanoTime();
            Load.Run run;
            AutovacuumWatch autovacuum = new AutovacuumWatch(stack.infra);
            try (autovacuum) {
                run = Load.fixedRate(rate, o.seconds, 200, get);
            }
            Map<String, Double> used = stack.cpuSecondsSince(before);
            double dbSeconds = used.getOrDefault("postgresql", 0.0);
            windowCores(section, k.getKey(), used, (System.nanoTime() - windowStart) / 1e9, autovacuum);
            row(section, k.getKey() + " p50 " + at, run.p(50), "ms", "", null);
            if (targetRate > 0) {
                row(section, k.getKey() + " p99 " + at, run.p(99), "ms", judged ? "<= 10 ms" : "<= 10 ms (at " + (int) targetRate + " rps)",
                        judged ? run.p(99) <= 10 : null);
            } else {
                row(section, k.getKey() + " p99 " + at, run.p(99), "ms", "", null);
            }
            // below the offered rate when the kind saturates the stack: its p50 is then a queue, not a service time
            row(section, k.getKey() + " answered/s, first sent to last answered", run.perSecond(), "req/s", "", null);
            // includes the writes' share: the same 100/s in every kind's window
            row(section, k.getKey() + " PostgreSQL CPU per request", run.requests() == 0 ? 0 : dbSeconds * 1000 / run.requests(),
                    "ms", "", null);
            // a timeout is the system being too slow at this rate (a missed target); any other failure is an error
            row(section, k.getKey() + " timed out (" + Load.TIMEOUT_MILLIS / 1000 + " s) or shed (503)", run.overloaded(), "", "0", null);
            // answers a read model served as kept for its current position (Cache-Status: hit); the gateway's
            // composed profile carries no Cache-Status, whatever its parts were
            if (run.kept() > 0) {
                row(section, k.getKey() + " served as kept (Cache-Status hit)", 100.0 * run.kept() / run.requests(), "%", "", null);
            }
            if (run.errors() > run.overloaded()) {
                errs.add(k.getKey() + ": " + (run.errors() - run.overloaded()) + " failed, first " + run.firstError());
            }
            written.add(writes.get());
        }
        row(section, "writes meanwhile (" + (int) QUERY_STAGE_WRITES + "/s offered), the fewest of any kind's",
                written.stream().mapToDouble(Load.Run::perSecond).min().orElse(0), "ev/s", "", null);
        row(section, "writes meanwhile timed out or shed", written.stream().mapToLong(Load.Run::overloaded).sum(), "", "0", null);
        for (Load.Run w : written) {
            if (w.errors() > w.overloaded()) {
                errs.add("writes during " + section + ": " + (w.errors() - w.overloaded()) + " failed, first " + w.firstError());
            }
        }
        if (!errs.isEmpty()) {
            throw new IllegalStateException(String.join("; ", errs));
        }
    }

    // ---------------------------------------------------------------- GDELT import

    /**
     * {@code ./multivector import gdelt} of a generated day's export through the gateway (issue 19: a day's
     * ~200,000 rows in under a minute), then until the relations projection has applied what it stored.
     */
    private void gdeltImport() throws Exception {
        Path file = stack.dir.resolve("bench-" + o.importRows + ".export.CSV");
        GdeltExportGenerator.write(file, o.importRows, 8_000_000_000L, o.seed);
        long t0 = System.nanoTime();
        io.multivector.importer.ImportReport report = new io.multivector.importer.GdeltImport(
                stack.gateway().replaceFirst("/api/v1$", ""), stack.keys.writer(), io.multivector.importer.GdeltImport.DEFAULT_BATCH)
                .run(List.of(file), System.out, false);
        double seconds = (System.nanoTime() - t0) / 1e9;
        awaitProjectionsCaughtUp(System.nanoTime() + TimeUnit.SECONDS.toNanos(120 + o.importRows / 500));
        double projected = (System.nanoTime() - t0) / 1e9;
        double rate = report.rowsRead() / seconds;
        row("GDELT import", "rows read, mapped and stored", rate, "rows/s", ">= 3,333 rows/s (a day's 200,000 in a minute)",
                rate >= 200_000 / 60.0);
        row("GDELT import", "events imported", report.imported() / seconds, "ev/s", "", null);
        row("GDELT import", "rows until projected (lag 0)", report.rowsRead() / projected, "rows/s", "", null);
        details.put("importRows", report.rowsRead());
        details.put("importImported", report.imported());
        details.put("importSkipped", report.skippedTotal());
        details.put("importSeconds", seconds);
    }

    // ---------------------------------------------------------------- replay

    private void replay() throws Exception {
        Map<String, List<String>> projectors = new LinkedHashMap<>();
        projectors.put("relations", List.of(Topic.DIPLOMACY.topicName(), Topic.POLITICS.topicName(), Topic.SECURITY.topicName(),
                Topic.CODED.topicName()));
        projectors.put("trade", List.of(Topic.TRADE.topicName()));
        awaitProjectionsCaughtUp(System.nanoTime() + TimeUnit.SECONDS.toNanos(300));
        for (var p : projectors.entrySet()) {
            long events = stack.endOffsets(p.getValue());
            long t0 = System.nanoTime();
            HttpResponse<String> r = Load.HTTP.send(HttpRequest.newBuilder(URI.create(stack.gateway() + "/admin/projections/" + p.getKey() + "/rebuild"))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + stack.keys.admin())
                    // the gateway answers a POST without Content-Type with 503 ("Media type was null")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            check(r, 202, "rebuild " + p.getKey());
            String into = JSON.readTree(r.body()).path("rebuildingInto").asText();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120 + events / 200);
            while (true) {
                JsonNode item = projection(p.getKey());
                if (!item.isMissingNode() && item.path("rebuildingInto").isNull() && into.equals(item.path("servingSchema").asText())) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("rebuild of " + p.getKey() + " not done: " + item);
                }
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double rate = events / seconds;
            row("replay", p.getKey() + " rebuild (" + events + " events, " + String.format(Locale.ROOT, "%.1f", seconds) + " s)", rate, "ev/s", "", null);
            if (rawUpsert > 0) {
                row("replay", p.getKey() + " / raw JDBC upsert", rate / rawUpsert, "x", ">= 0.5x", rate / rawUpsert >= 0.5);
            }
        }
    }

    private void deadLetters() throws Exception {
        HttpResponse<String> r = Load.HTTP.send(HttpRequest.newBuilder(URI.create(stack.gateway() + "/admin/dead-letters?limit=500"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + stack.keys.admin()).build(),
                HttpResponse.BodyHandlers.ofString());
        check(r, 200, "GET /admin/dead-letters");
        JsonNode items = JSON.readTree(r.body()).path("items");
        row("checks", "dead letters after the run", items.size(), "", "0", items.isEmpty());
        if (!items.isEmpty()) {
            details.set("deadLetterSample", items.get(0));
        }
    }

    // ---------------------------------------------------------------- report

    private void report(long t0) throws Exception {
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%n%-24s %-52s %14s %-6s %-22s %s%n", "stage", "figure", "value", "unit", "target", "verdict"));
        t.append("-".repeat(130)).append('\n');
        for (Row r : rows) {
            t.append(String.format(Locale.ROOT, "%-24s %-52s %14s %-6s %-22s %s%n", r.section(), r.figure(), fmt(r.value()), r.unit(),
                    r.target(), r.pass() == null ? "" : r.pass() ? "pass" : "FAIL"));
        }
        failures.forEach((k, v) -> t.append("FAILED STAGE ").append(k).append(": ").append(v).append('\n'));
        System.out.print(t);
        ObjectNode out = JSON.createObjectNode();
        out.put("date", LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
        out.put("mode", o.smoke ? "smoke" : "full");
        ObjectNode opts = out.putObject("options");
        opts.put("events", o.events).put("batch", o.batch).put("bulkConcurrency", o.bulkConcurrency).put("singleRate", o.singleRate)
                .put("seconds", o.seconds).put("maxWorkers", o.maxWorkers).put("freshRate", o.freshRate).put("queryRate", o.queryRate)
                .put("seed", o.seed);
        // the services' JIT: the stack's own C1-only, unless --jvm changed it; the bench and its baselines run the JDK's default
        opts.put("serviceJvm", String.join(" ", ServiceProcess.JVM_OPTIONS) + (o.jvm.isEmpty() ? "" : " " + String.join(" ", o.jvm)));
        ObjectNode env = out.putObject("environment");
        env.put("cores", Runtime.getRuntime().availableProcessors()).put("java", System.getProperty("java.version"))
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        out.put("seconds", seconds);
        ArrayNode rs = out.putArray("rows");
        for (Row r : rows) {
            ObjectNode n = rs.addObject().put("stage", r.section()).put("figure", r.figure()).put("unit", r.unit()).put("target", r.target());
            if (Double.isNaN(r.value())) {
                n.putNull("value");
            } else {
                n.put("value", r.value());
            }
            if (r.pass() != null) {
                n.put("pass", r.pass());
            }
        }
        out.set("details", details);
        ObjectNode f = out.putObject("failedStages");
        failures.forEach(f::put);
        Path file = o.out != null ? o.out
                : o.repo.resolve("bench/results").resolve(LocalDate.now() + (o.smoke ? "-smoke" : "") + ".json");
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!sweep.isEmpty()) {
            Path plot = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.json$", "") + "-single-sweep.svg");
            Files.writeString(plot, SweepPlot.svg("single POSTs through the gateway: latency by offered rate ("
                    + LocalDate.now() + ", " + (int) o.seconds + " s a rate)", sweep));
            details.put("singleSweepPlot", plot.getFileName().toString());
            System.out.println("bench: sweep plot written to " + plot);
        }
        JSON.writeValue(file.toFile(), out);
        System.out.println("bench: results written to " + file);
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
