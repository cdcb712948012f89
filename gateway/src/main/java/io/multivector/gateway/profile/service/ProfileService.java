package io.multivector.gateway.profile.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multivector.gateway.routing.Backend;
import io.multivector.gateway.routing.service.BackendClient;
import io.multivector.gateway.routing.service.BackendUnavailableException;
import io.multivector.gateway.routing.service.Forwarded;
import io.multivector.platform.problem.Problem;
import io.multivector.platform.problem.ProblemException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A country as of a date, composed from both read models in parallel. A backend that fails leaves
 * its parts empty and is named in {@code degraded}; the rest still answers.
 */
@ApplicationScoped
public class ProfileService {

    public record CountryProfile(String code, String name, LocalDate asOf, JsonNode topPartners, JsonNode memberships,
                                 JsonNode officeholders, JsonNode lastElection, Integer tradeYear, JsonNode topTradePartners,
                                 JsonNode crudeOilExposure, Set<String> degraded) {
    }

    private final BackendClient backends;
    private final ObjectMapper json;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    public ProfileService(BackendClient backends, ObjectMapper json) {
        this.backends = backends;
        this.json = json;
    }

    public CountryProfile profile(String code, LocalDate asOf, MultivaluedMap<String, String> callerHeaders) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        for (String h : List.of("X-Request-Id", "traceparent")) {
            if (callerHeaders.getFirst(h) != null) {
                headers.putSingle(h, callerHeaders.getFirst(h));
            }
        }
        String c = URLEncoder.encode(code, StandardCharsets.UTF_8);
        String d = asOf.toString();
        Set<String> degraded = new TreeSet<>();
        // one composed call per read model, both at once
        var relations = get(Backend.RELATIONS, "/countries/" + c + "/relations-part", "asOf=" + d, headers, degraded);
        var trade = get(Backend.TRADE, "/countries/" + c + "/trade-part", "asOf=" + d, headers, degraded);
        JsonNode r = relations.join();
        JsonNode t = trade.join();
        if (r != null && r.path("status").asInt() == 404) {
            throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "not-found", "no actor " + code));
        }
        boolean relationsAnswered = r != null && r.has("code");
        boolean tradeAnswered = t != null && t.has("code");
        return new CountryProfile(code, relationsAnswered ? r.path("name").asText(null) : null, asOf,
                relationsAnswered ? r.get("topPartners") : null, relationsAnswered ? r.get("memberships") : null,
                relationsAnswered ? r.get("officeholders") : null, relationsAnswered ? nullIfMissing(r.get("lastElection")) : null,
                tradeAnswered ? t.path("tradeYear").asInt() : null, tradeAnswered ? t.get("topTradePartners") : null,
                tradeAnswered ? t.get("crudeOilExposure") : null, degraded);
    }

    private static JsonNode nullIfMissing(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }

    private CompletableFuture<JsonNode> get(Backend b, String path, String query, MultivaluedMap<String, String> headers,
                                            Set<String> degraded) {
        return CompletableFuture.supplyAsync(() -> call(b, path, query, headers, degraded), calls);
    }

    /** The backend's JSON answer; a 404 comes back as its problem body; null (and degraded) when it failed. */
    private JsonNode call(Backend b, String path, String query, MultivaluedMap<String, String> headers, Set<String> degraded) {
        try {
            Forwarded f = backends.forward(b, "GET", path, query, headers, null, null);
            if (f.status() >= 500) {
                markDegraded(degraded, b);
                return null;
            }
            return json.readTree(f.body());
        } catch (BackendUnavailableException | IOException e) {
            markDegraded(degraded, b);
            return null;
        }
    }

    private static void markDegraded(Set<String> degraded, Backend b) {
        synchronized (degraded) {
            degraded.add(b.key());
        }
    }

    @PreDestroy
    void close() {
        calls.close();
    }
}
