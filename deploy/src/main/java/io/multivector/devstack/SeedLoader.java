package io.multivector.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads a corpus ({@code *.ndjson} files, in name order) through the public append API as NDJSON
 * batches. Events carry stable ids, so loading twice stores nothing new.
 * <p>Standalone: {@code SeedLoader --url http://localhost:8080/api/v1 [--key KEY] [seeds/corpus]}.
 */
public final class SeedLoader {

    /** The API's batch limit. */
    static final int MAX_LINES = 10_000;
    private static final Pattern CREATED = Pattern.compile("\"created\"\\s*:\\s*(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI eventsUri;
    private final String key;

    /** What one load did. */
    public record Loaded(int events, int created) {
    }

    public SeedLoader(String baseUrl, String key) {
        this.eventsUri = URI.create(baseUrl.replaceAll("/+$", "") + "/events");
        this.key = key;
    }

    public Loaded load(Path corpus) throws IOException, InterruptedException {
        List<Path> files;
        try (Stream<Path> s = Files.list(corpus)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".ndjson")).sorted().toList();
        }
        int events = 0;
        int created = 0;
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
            int fileCreated = 0;
            for (int from = 0; from < lines.size(); from += MAX_LINES) {
                List<String> chunk = lines.subList(from, Math.min(lines.size(), from + MAX_LINES));
                fileCreated += post(file, String.join("\n", chunk));
            }
            events += lines.size();
            created += fileCreated;
            System.out.printf("seeds: %-28s %5d events, %5d new%n", file.getFileName(), lines.size(), fileCreated);
        }
        return new Loaded(events, created);
    }

    private int post(Path file, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(eventsUri).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (key != null && !key.isBlank()) {
            b.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new IllegalStateException("loading " + file + " failed with " + r.statusCode() + ": " + r.body());
        }
        Matcher m = CREATED.matcher(r.body());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    public static void main(String[] args) throws Exception {
        String url = "http://localhost:8080/api/v1";
        String key = System.getenv("MULTIVECTOR_WRITER_KEY");
        Path corpus = Path.of("seeds/corpus");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--key" -> key = args[++i];
                default -> corpus = Path.of(args[i]);
            }
        }
        try {
            Loaded l = new SeedLoader(url, key).load(corpus);
            System.out.printf("seeds: %d events, %d new%n", l.events(), l.created());
        } catch (UncheckedIOException | IOException e) {
            System.err.println("seeds: " + e.getMessage());
            System.exit(1);
        }
    }
}
