package io.multivector.bench;

import io.multivector.devstack.DevInfrastructure;
import io.multivector.devstack.DevKeys;
import io.multivector.devstack.FreePorts;
import io.multivector.devstack.ServiceEnvironment;
import io.multivector.devstack.ServiceProcess;
import io.multivector.events.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The system under test, as {@code ./multivector up} runs it (deploy's code): broker and database,
 * then the three backends and the gateway from their built jars, on free ports in a temporary
 * directory that is removed at the end.
 */
final class BenchStack implements AutoCloseable {

    static final List<String> BACKENDS = List.of("ingest-service", "relations-service", "trade-service");

    final Path dir;
    final DevKeys keys = DevKeys.random();
    final DevInfrastructure infra;
    final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    final long infraMillis;
    long servicesMillis;
    final List<String> restarts = new ArrayList<>();
    private Admin admin;

    private BenchStack(Path dir, DevInfrastructure infra, long infraMillis) {
        this.dir = dir;
        this.infra = infra;
        this.infraMillis = infraMillis;
    }

    private Path jfr;
    /** Added to every service's JVM options ({@code {module}} replaced by its name), to compare JIT and AOT settings. */
    private List<String> extraJvmOptions = List.of();
    /** Found once: neither the broker nor PostgreSQL's first process is restarted while the bench runs. */
    private List<Long> broker;
    private Long postmaster;

    /** {@code jfr}: a directory for each service's flight recording (profile settings), or null. */
    static BenchStack start(Path repoRoot, String brokerHeap, Path jfr, List<String> extraJvmOptions) throws Exception {
        return start(repoRoot, brokerHeap, jfr, extraJvmOptions, 1);
    }

    /** As above, on {@code brokers} Kafka nodes (1, or 3 as deploy/kafka/cluster.env sets them). */
    static BenchStack start(Path repoRoot, String brokerHeap, Path jfr, List<String> extraJvmOptions, int brokers) throws Exception {
        Path dir = Files.createTempDirectory("multivector-bench-");
        long t0 = System.nanoTime();
        DevInfrastructure infra = DevInfrastructure.start(
                DevInfrastructure.Settings.onFreePorts(dir, brokers, brokerHeap, true).runningLong());
        BenchStack s = new BenchStack(dir, infra, (System.nanoTime() - t0) / 1_000_000);
        s.jfr = jfr;
        s.extraJvmOptions = List.copyOf(extraJvmOptions);
        try {
            s.launch(repoRoot);
        } catch (Exception e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void launch(Path repoRoot) throws Exception {
        long t0 = System.nanoTime();
        Map<String, Integer> ports = new LinkedHashMap<>();
        Map<String, List<String>> backends = new LinkedHashMap<>();
        List<Integer> free = FreePorts.take(BACKENDS.size() + 1);
        for (String m : BACKENDS) {
            int port = free.get(ports.size());
            ports.put(m, port);
            backends.put(m, List.of("http://" + ServiceProcess.LOOPBACK + ":" + port));
        }
        ports.put("gateway", free.getLast());
        Map<String, String> env = new HashMap<>(ServiceEnvironment.of(infra, keys, backends));
        // The gateway's per-caller rate limit (1,000/s by default) would cap every load figure at
        // its own value; the bench measures the system, so it lifts the limit (a setting, not tuning).
        env.put("MULTIVECTOR_RATE_PER_SECOND", "10000000");
        env.put("MULTIVECTOR_RATE_BURST", "10000000");
        for (var e : ports.entrySet()) {
            services.put(e.getKey(), launch(repoRoot, e.getKey(), e.getValue(), env));
        }
        for (var e : new ArrayList<>(services.entrySet())) {
            try {
                e.getValue().awaitReady(Duration.ofSeconds(180));
            } catch (IllegalStateException exited) {
                if (e.getValue().isAlive()) {
                    throw exited;
                }
                // On a crowded machine a service can time out reaching the database while starting;
                // it is started once more and the restart is reported with the start-up time.
                System.out.println("bench: " + exited.getMessage() + "; starting it once more");
                restarts.add(e.getKey());
                ServiceProcess again = launch(repoRoot, e.getKey(), ports.get(e.getKey()), env);
                services.put(e.getKey(), again);
                again.awaitReady(Duration.ofSeconds(180));
            }
        }
        servicesMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    /** Every service as {@code ./multivector up} runs it: the same environment, the same heap. */
    private ServiceProcess launch(Path repoRoot, String module, int port, Map<String, String> env) throws IOException {
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
        // after the stack's own options, so a later -XX wins: e.g. -XX:TieredStopAtLevel=4 for C2
        extraJvmOptions.forEach(option -> jvm.add(option.replace("{module}", module)));
        if (jfr != null) {
            Files.createDirectories(jfr);
            jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr.resolve(module + ".jfr"));
        }
        return ServiceProcess.launch(repoRoot, module, port, env, dir.resolve("logs").resolve(module + ".log"), jvm.toArray(String[]::new));
    }

    String gateway() {
        return services.get("gateway").url() + "/api/v1";
    }

    String url(String module) {
        return services.get(module).url();
    }

    synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()));
        }
        return admin;
    }

    /** Sum of the end offsets of the given topics' partitions (records ever written). */
    long endOffsets(List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> want = new HashMap<>();
        var described = admin().describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        described.forEach((name, d) -> d.partitions().forEach(p -> want.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        long sum = 0;
        for (var r : admin().listOffsets(want).all().get(30, TimeUnit.SECONDS).values()) {
            sum += r.offset();
        }
        return sum;
    }

    static List<String> eventTopics() {
        return Stream.of(Topic.values()).map(Topic::topicName).toList();
    }

    /** Every process of the system and its pid: services, the broker JVM and the PostgreSQL processes. */
    Map<String, List<Long>> processes() {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        services.forEach((m, p) -> out.put(m, List.of(p.pid())));
        if (broker == null || broker.isEmpty()) {
            broker = ProcessHandle.current().children()
                    .filter(h -> cmdline(h.pid()).contains("io.multivector.devstack.BrokerMain")).map(ProcessHandle::pid).toList();
        }
        out.put("kafka-broker", broker);
        if (postmaster == null) {
            String pgDir = dir.resolve("postgres").toString();
            postmaster = ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("").contains(pgDir))
                    .map(ProcessHandle::pid).min(Comparator.naturalOrder()).orElse(null);
        }
        List<Long> pg = new ArrayList<>();
        if (postmaster != null) {
            pg.add(postmaster);
            pg.addAll(children(postmaster));
        }
        out.put("postgresql", pg);
        return out;
    }

    /**
     * A process's children, from the kernel's list of them: the memory sampler asks twice a second, and walking every
     * process of the machine for its command line cost that thread a twentieth of a core.
     */
    private static List<Long> children(long pid) {
        try {
            String list = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children")).trim();
            return list.isEmpty() ? List.of() : Stream.of(list.split(" ")).map(Long::parseLong).toList();
        } catch (IOException | RuntimeException noList) {
            return ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid).toList();
        }
    }

    /** From /proc: ProcessHandle.Info leaves out command lines as long as the broker's class path. */
    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Resident memory in MiB: VmRSS of a JVM; for PostgreSQL the proportional set size (Pss) summed
     * over its processes, so that shared buffers mapped by every backend count once.
     */
    static double memoryMiB(String name, List<Long> pids) {
        double kb = 0;
        for (long pid : pids) {
            try {
                if (name.equals("postgresql")) {
                    kb += field(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
                } else {
                    kb += field(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
                }
            } catch (IOException gone) {
                // a backend process that ended between listing and reading
            }
        }
        return kb / 1024.0;
    }

    /**
     * CPU seconds (user + system, and of reaped children: PostgreSQL's ended backends) used so far by
     * each process of the system and by the bench itself: what a stage spent where.
     */
    Map<String, Double> cpuSeconds() {
        Map<String, Double> out = new LinkedHashMap<>();
        processes().forEach((name, pids) -> out.put(name, pids.stream().mapToDouble(BenchStack::cpuSeconds).sum()));
        out.put("bench (load generator)", cpuSeconds(ProcessHandle.current().pid()));
        return out;
    }

    /** The CPU seconds each process used since {@code before}, a {@link #cpuSeconds()} taken earlier. */
    Map<String, Double> cpuSecondsSince(Map<String, Double> before) {
        Map<String, Double> used = new LinkedHashMap<>();
        cpuSeconds().forEach((process, now) -> used.put(process, now - before.getOrDefault(process, 0.0)));
        return used;
    }

    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command's closing parenthesis; utime, stime, cutime, cstime are 14-17 of the whole line
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks / 100.0; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static long field(Path file, String name) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        new ArrayList<>(services.values()).reversed().forEach(ServiceProcess::close);
        infra.close();
    }

    void deleteDir() {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
