package io.multivector.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service of the stack running from its built Quarkus jar in its own JVM, as in production:
 * used by {@code ./multivector up} and by the tests that need the whole system (the gateway's).
 */
public final class ServiceProcess implements AutoCloseable {

    private final String module;
    /** Where this machine reaches the service: its address, or loopback when it listens on every interface. */
    private final String reachAt;
    private final int port;
    private final Path log;
    private final Process process;

    private ServiceProcess(String module, String host, int port, Path log, Process process) {
        this.module = module;
        this.reachAt = host.equals("0.0.0.0") ? LOOPBACK : host;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** The jar {@code ./multivector build} (or the reactor's package phase) makes for a module. */
    public static Path jarOf(Path repoRoot, String module) {
        Path jar = repoRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./multivector build)");
        }
        return jar;
    }

    /**
     * The collector and compiler of a service that runs for long ({@code ./multivector up}, the bench): C2, with two
     * compiler threads instead of the JVM's default for the machine, since seven JVMs share two cores. Warm, C2 code
     * costs half of C1's CPU per request or less (one stack, balance answers, warm: relations 0.42 -> 0.19 ms, gateway
     * 0.39 -> 0.16 ms); its compilations cost the first minute or two after a start (bench/README).
     */
    public static final java.util.List<String> JVM_OPTIONS = java.util.List.of("-XX:+UseSerialGC", "-XX:CICompilerCount=2");

    /**
     * Added by test launchers: a test's service lives for seconds to minutes, so C2's compilations would cost more
     * than they save (a later {@code -XX} option wins over {@link #JVM_OPTIONS}).
     */
    public static final String SHORT_LIVED = "-XX:TieredStopAtLevel=1";

    /** Where a service of the dev stack listens unless told otherwise: only this machine can reach it. */
    public static final String LOOPBACK = "127.0.0.1";

    /** Launches {@code module} on loopback {@code port} with {@code env}; its output goes to {@code log}. */
    public static ServiceProcess launch(Path repoRoot, String module, int port, Map<String, String> env, Path log,
                                        String... jvmOptions) throws IOException {
        return launch(repoRoot, module, LOOPBACK, port, env, log, jvmOptions);
    }

    /** Launches {@code module} listening on {@code host} (an IPv4 address of this machine, or 0.0.0.0 for every interface). */
    public static ServiceProcess launch(Path repoRoot, String module, String host, int port, Map<String, String> env, Path log,
                                        String... jvmOptions) throws IOException {
        Path jar = jarOf(repoRoot, module);
        var command = new java.util.ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(java.util.List.of(jvmOptions));
        command.add("-Dquarkus.http.host=" + host);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Files.createDirectories(log.getParent());
        Process p = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new ServiceProcess(module, host, port, log, p);
    }

    public String module() {
        return module;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://" + reachAt + ":" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for {@code /q/health/ready}; fails early, naming the log, if the process exits. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(module + " was not ready within " + timeout.toSeconds() + " s; see " + log);
    }

    /** kill -9: for drills that must show nothing depends on a clean shutdown. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
