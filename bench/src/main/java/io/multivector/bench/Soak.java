package io.multivector.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.multivector.devstack.DevInfrastructure;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * {@code ./multivector soak}: the whole system (on the three-node cluster by default) under mixed load for
 * a long while — single POSTs at a quarter of the capacity measured at the start, queries through the
 * gateway, an SSE subscriber, one rebuild halfway — sampling every process's memory, the relay's lag and
 * the projections' lag. Reports error answers (there should be none), each process's memory slope after
 * warm-up, and the largest lags; writes {@code bench/results/<date>-soak.json}. Exits 1 on an error answer
 * or an event the SSE subscriber never saw.
 */
public final class Soak {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);

    /** What to run: how long, on how many brokers, what share of the write capacity, how many queries a second. */
    record Options(double minutes, int brokers, double writeShare, double queryRate, long seed, Path repo) {

        static Options parse(String[] args) {
            double minutes = 20;
            int brokers = 3;
            double share = 0.25;
            double queries = 20;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--minutes" -> minutes = positive(args[i], value);
                    case "--brokers" -> brokers = value.equals("1") || value.equals("3") ? Integer.parseInt(value) : usage("--brokers is 1 or 3");
                    case "--write-share" -> share = positive(args[i], value);
                    case "--query-rate" -> queries = positive(args[i], value);
                    default -> usage("unknown option " + args[i]);
                }
                i++;
            }
            if (share > 1) {
                usage("--write-share is a fraction of the measured capacity, at most 1");
            }
            // ./multivector runs this from the repository's root, as it runs the bench
            return new Options(minutes, brokers, share, queries, 20261206L, Path.of("").toAbsolutePath());
        }

        private static double positive(String option, String value) {
            try {
                double v = Double.parseDouble(value);
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // said below
            }
            return usage(option + " needs a positive number, not '" + value + "'");
        }

        private static <T> T usage(String problem) {
            System.err.println("soak: " + problem);
            System.err.println("usage: ./multivector soak [--minutes M (20)] [--brokers 1|3 (3)] [--write-share F (0.25)] [--query-rate R (20)]");
            System.exit(2);
            return null;
        }
    }

    /** One sample: when, each process's resident memory, the relay's lag, the projections' summed lag. */
    record Sample(double minute, Map<String, Double> memoryMiB, long relayLag, long projectionLag, long sseEvents) {
    }

    private final Options o;
    private volatile BenchStack stack;
    private final List<Sample> samples = new ArrayList<>();
    private final AtomicLong sseEvents = new AtomicLong();

    private Soak(Options o) {
        this.o = o;
    }

    public static void main(String[] args) throws Exception {
        Soak soak = new Soak(Options.parse(args));
        // on the way out however it comes (the end, a failure, Ctrl-C twenty minutes in): no process left behind
        Runtime.getRuntime().addShutdownHook(new Thread(soak::stop, "soak-stop"));
        System.exit(soak.run());
    }

    private synchronized void stop() {
        if (stack != null) {
            stack.close();
            stack.deleteDir();
        }
    }

    private int run() throws Exception {
        System.out.printf("soak: %.0f min on %d broker(s); starting broker(s), database and services...%n", o.minutes(), o.brokers());
        BenchStack started = BenchStack.start(o.repo(), DevInfrastructure.Settings.brokerHeap(o.brokers()), null, List.of(), o.brokers());
        synchronized (this) {
            stack = started;
        }
        EventGenerator gen = new EventGenerator(o.seed());
        gen.batch(Long.MAX_VALUE / 2);
        gen.sameBatchReferences(false);
        String writer = "Bearer " + stack.keys.writer();
        LongFunction<Load.Call> post = i -> {
            synchronized (gen) {
                return Load.Call.post(stack.gateway() + "/events", writer, "application/cloudevents+json", gen.next().json());
            }
        };
        Load.closedLoop(8, 5, 201, post); // warm-up, not counted
        Load.Run capacity = Load.closedLoop(16, 20, 201, post);
        double writeRate = Math.max(1, Math.floor(capacity.perSecond() * o.writeShare()));
        System.out.printf("soak: single POST capacity %.0f/s (20 s closed loop, 16 callers); writing at %.0f/s, querying at %.0f/s%n",
                capacity.perSecond(), writeRate, o.queryRate());

        Thread sse = Thread.ofPlatform().daemon().name("soak-sse").start(this::subscribe);
        double seconds = o.minutes() * 60;
        var writes = new FutureTask<>(() -> Load.fixedRate(writeRate, seconds, 201, post));
        var queries = new FutureTask<>(() -> Load.fixedRate(o.queryRate(), seconds, 200, queryCalls(gen)));
        long start = System.nanoTime();
        Thread.ofPlatform().name("soak-writes").start(writes);
        Thread.ofPlatform().name("soak-queries").start(queries);
        boolean rebuilt = false;
        String rebuildAnswer = "not started";
        while (!writes.isDone() || !queries.isDone()) {
            double minute = (System.nanoTime() - start) / 60e9;
            samples.add(sample(minute));
            if (!rebuilt && minute >= o.minutes() / 2) {
                rebuilt = true;
                rebuildAnswer = rebuild();
            }
            Sample last = samples.getLast();
            System.out.printf("soak: %5.1f min  relay lag %,d  projection lag %,d  SSE %,d  memory %s%n", minute, last.relayLag(),
                    last.projectionLag(), last.sseEvents(), last.memoryMiB().entrySet().stream()
                            .map(e -> e.getKey() + " " + Math.round(e.getValue())).toList());
            awaitSampleOrEnd(writes, queries);
        }
        Load.Run written = writes.get();
        Load.Run read = queries.get();
        // every event written during the soak must come through the SSE stream: wait for the tail (at most 2 min)
        long expectedSse = written.requests() - written.errors();
        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (sseEvents.get() < expectedSse && System.nanoTime() < until) {
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        samples.add(sample((System.nanoTime() - start) / 60e9));
        sse.interrupt();
        return report(capacity, writeRate, written, read, rebuildAnswer, expectedSse);
    }

    private LongFunction<Load.Call> queryCalls(EventGenerator gen) {
        String reader = "Bearer " + stack.keys.reader();
        SplittableRandom r = new SplittableRandom(o.seed() + 7);
        return i -> {
            String path;
            synchronized (r) {
                String a = gen.sampleActor(r);
                String b;
                do {
                    b = gen.sampleActor(r);
                } while (b.equals(a));
                path = switch ((int) (i % 5)) {
                    case 0 -> "/relations/" + a + "/" + b + "?asOf=2024";
                    case 1 -> "/relations/" + a + "?asOf=2024";
                    case 2 -> "/actors/" + a + "/balance?from=2010&to=2024";
                    case 3 -> "/trade/routes?asOf=2024";
                    default -> "/countries/" + gen.sampleState(r) + "/profile?asOf=2024";
                };
            }
            return Load.Call.get(stack.gateway() + path, reader);
        };
    }

    /** Counts every event the gateway's SSE stream delivers, reconnecting if the stream ends. */
    private void subscribe() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                HttpResponse<java.io.InputStream> r = Load.HTTP.send(HttpRequest.newBuilder(URI.create(stack.gateway() + "/stream"))
                        .header("Accept", "text/event-stream").header("Authorization", "Bearer " + stack.keys.reader()).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("id:")) {
                            sseEvents.incrementAndGet();
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (e.getCause() instanceof InterruptedException) {
                    return; // the soak is over
                }
                System.out.println("soak: SSE stream ended (" + e + "); reconnecting");
            }
        }
    }

    private Sample sample(double minute) throws Exception {
        Map<String, Double> memory = new LinkedHashMap<>();
        stack.processes().forEach((name, pids) -> memory.put(name, BenchStack.memoryMiB(name, pids)));
        long relayLag = -1;
        JsonNode health = JSON.readTree(Load.HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("ingest-service") + "/q/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode c : health.path("checks")) {
            if (c.path("data").has("lag")) {
                relayLag = c.path("data").path("lag").asLong();
            }
        }
        long projectionLag = 0;
        JsonNode projections = JSON.readTree(Load.HTTP.send(HttpRequest.newBuilder(URI.create(stack.gateway() + "/admin/projections"))
                .header("Authorization", "Bearer " + stack.keys.admin()).build(), HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode p : projections.path("items")) {
            projectionLag += p.path("lag").asLong();
        }
        return new Sample(minute, memory, relayLag, projectionLag, sseEvents.get());
    }

    private String rebuild() throws Exception {
        HttpResponse<String> r = Load.HTTP.send(HttpRequest.newBuilder(URI.create(stack.gateway() + "/admin/projections/relations/rebuild"))
                .header("Authorization", "Bearer " + stack.keys.admin()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("soak: rebuild of relations asked: " + r.statusCode());
        return Integer.toString(r.statusCode());
    }

    /** Until the next sample is due, or both load runs have ended. */
    private static void awaitSampleOrEnd(FutureTask<?> writes, FutureTask<?> queries) {
        long due = System.nanoTime() + SAMPLE_EVERY.toNanos();
        while (System.nanoTime() < due && !(writes.isDone() && queries.isDone())) {
            LockSupport.parkNanos(Math.min(Duration.ofMillis(200).toNanos(), due - System.nanoTime()));
        }
    }

    private int report(Load.Run capacity, double writeRate, Load.Run written, Load.Run read, String rebuildAnswer,
                       long expectedSse) throws Exception {
        double warmUp = Math.min(5, o.minutes() / 4);
        List<Sample> steady = samples.stream().filter(s -> s.minute() >= warmUp).toList();
        Map<String, Double> slopes = new LinkedHashMap<>();
        Map<String, Double> last = samples.getLast().memoryMiB();
        for (String process : last.keySet()) {
            slopes.put(process, MemorySlope.perTenMinutes(steady.stream().map(s -> new MemorySlope.Point(s.minute(), s.memoryMiB().getOrDefault(process, 0.0))).toList()));
        }
        long maxRelayLag = samples.stream().mapToLong(Sample::relayLag).max().orElse(-1);
        long maxProjectionLag = samples.stream().mapToLong(Sample::projectionLag).max().orElse(-1);
        long errors = written.errors() + read.errors();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("minutes", o.minutes());
        result.put("brokers", o.brokers());
        result.put("capacityPostsPerSecond", capacity.perSecond());
        result.put("writeRate", writeRate);
        result.put("queryRate", o.queryRate());
        result.put("writes", Map.of("requests", written.requests(), "errors", written.errors(), "p50ms", written.p(50), "p99ms", written.p(99),
                "firstError", String.valueOf(written.firstError())));
        result.put("queries", Map.of("requests", read.requests(), "errors", read.errors(), "p50ms", read.p(50), "p99ms", read.p(99),
                "firstError", String.valueOf(read.firstError())));
        result.put("rebuildAnswer", rebuildAnswer);
        result.put("sseEvents", sseEvents.get());
        result.put("sseExpectedAtLeast", expectedSse);
        result.put("memorySlopeMiBPer10MinAfterWarmUp", slopes);
        result.put("warmUpMinutes", warmUp);
        result.put("maxRelayLag", maxRelayLag);
        result.put("maxProjectionLag", maxProjectionLag);
        result.put("samples", samples);
        Path file = o.repo().resolve("bench/results").resolve(LocalDate.now() + "-soak.json");
        Files.createDirectories(file.getParent());
        JSON.writeValue(file.toFile(), result);

        System.out.printf("%nsoak: %.0f min on %d broker(s)%n", o.minutes(), o.brokers());
        System.out.printf("  writes   %,d at %.0f/s (a quarter of %.0f/s measured), %d errors, p50 %.1f ms, p99 %.1f ms%n",
                written.requests(), writeRate, capacity.perSecond(), written.errors(), written.p(50), written.p(99));
        System.out.printf("  queries  %,d at %.0f/s, %d errors, p50 %.1f ms, p99 %.1f ms%n", read.requests(), o.queryRate(), read.errors(),
                read.p(50), read.p(99));
        System.out.printf("  SSE      %,d events received (at least %,d expected)%n", sseEvents.get(), expectedSse);
        System.out.printf("  rebuild  answered %s; largest relay lag %,d, largest projection lag %,d%n", rebuildAnswer, maxRelayLag, maxProjectionLag);
        System.out.printf("  memory after %.1f min of warm-up (MiB now; slope MiB per 10 min):%n", warmUp);
        slopes.forEach((p, s) -> System.out.printf("    %-20s %8.0f   %+7.1f%n", p, last.get(p), s));
        System.out.println("soak: results written to " + file);
        boolean sseComplete = sseEvents.get() >= expectedSse;
        if (errors > 0 || !sseComplete) {
            System.out.printf("soak: FAILED: %d error answers (first: %s / %s)%s%n", errors, written.firstError(), read.firstError(),
                    sseComplete ? "" : "; the SSE subscriber missed events");
            return 1;
        }
        return 0;
    }
}
