package io.multivector.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts batches of events to the gateway as NDJSON ({@code POST /api/v1/events}), each stored whole or
 * not at all. Answers that may pass (429, 502-504, a broken connection) are retried: the events' ids
 * are fixed, so a retry never stores anything twice.
 */
final class EventBatchSender implements AutoCloseable {

    /** How many events of a batch the store created, and how many it already held. */
    record Stored(long created, long alreadyPresent) {
    }

    private static final String NDJSON = "application/x-ndjson";
    private static final int ATTEMPTS = 6;
    private static final Pattern LINE_POINTER = Pattern.compile("^/lines/(\\d+)(.*)$");

    private final URI events;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper mapper = new ObjectMapper();

    EventBatchSender(String gatewayUrl, String key) {
        // the gateway's address, with or without the API's prefix
        String base = gatewayUrl.replaceFirst("/+$", "").replaceFirst("/api/v1$", "");
        this.events = URI.create(base + "/api/v1/events");
        this.key = key;
    }

    /** Sends one batch; {@code wheres} names each line's place in its file, for an error that points at one. */
    Stored send(List<byte[]> lines, List<String> wheres) throws ImportFailedException, InterruptedException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(lines.size() * 512);
        for (byte[] l : lines) {
            body.writeBytes(l);
            body.write('\n');
        }
        HttpRequest request = HttpRequest.newBuilder(events).timeout(Duration.ofMinutes(2))
                .header("Content-Type", NDJSON).header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        long backoffMs = 500;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> r;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw new ImportFailedException("cannot reach the gateway at " + events + ": " + e.getMessage(), e);
                }
                Thread.sleep(backoffMs); // a pause before retrying a refused connection, not a wait for a condition
                backoffMs *= 2;
                continue;
            }
            int status = r.statusCode();
            if (status == 200 || status == 201) {
                JsonNode answer = json(r.body());
                long accepted = answer.path("accepted").asLong();
                long created = answer.path("created").asLong();
                return new Stored(created, accepted - created);
            }
            if ((status == 429 || status == 502 || status == 503 || status == 504) && attempt < ATTEMPTS) {
                Thread.sleep(r.headers().firstValue("Retry-After").map(EventBatchSender::seconds).orElse(backoffMs));
                backoffMs *= 2;
                continue;
            }
            throw new ImportFailedException(refusal(status, r.body(), wheres));
        }
    }

    @Override
    public void close() {
        http.close();
    }

    private String refusal(int status, String body, List<String> wheres) {
        JsonNode problem = json(body);
        String detail = problem.path("detail").asText(body.length() > 300 ? body.substring(0, 300) : body);
        return switch (status) {
            case 401, 403 -> "the gateway refused the key (" + status + "): " + detail
                    + "; pass a writer's key with --key, or start the stack with ./multivector up to make .multivector/keys.env";
            case 413 -> "the gateway found a batch too large (413): " + detail + "; pass a smaller --batch";
            case 400 -> {
                // The mapping checks every event as the store does, so this is a disagreement worth naming exactly.
                StringBuilder s = new StringBuilder("the gateway refused a batch (400), nothing of it was stored: ");
                for (JsonNode e : problem.path("errors")) {
                    Matcher m = LINE_POINTER.matcher(e.path("pointer").asText());
                    if (m.matches() && Integer.parseInt(m.group(1)) < wheres.size()) {
                        s.append(wheres.get(Integer.parseInt(m.group(1)))).append(' ').append(m.group(2)).append(' ');
                    }
                    s.append(e.path("message").asText());
                    break;
                }
                yield s.append(problem.path("errors").isEmpty() ? detail : "").toString();
            }
            default -> "the gateway answered " + status + ": " + detail;
        };
    }

    private JsonNode json(String body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.max(1, Long.parseLong(retryAfter.trim())) * 1000;
        } catch (NumberFormatException e) {
            return 1000;
        }
    }
}
