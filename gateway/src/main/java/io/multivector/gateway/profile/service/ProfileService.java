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
import java.util.ArrayList;
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

    /** HS heading of crude petroleum: the exposure the profile shows. */
    static final String CRUDE_OIL = "2709";
    /** Years to look back for the latest trade figures before the as-of date. */
    static final int TRADE_LOOKBACK_YEARS = 3;

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
        var actor = get(Backend.RELATIONS, "/actors/" + c, null, headers, degraded);
        var partners = get(Backend.RELATIONS, "/relations/" + c, "asOf=" + d + "&limit=5", headers, degraded);
        var memberships = get(Backend.RELATIONS, "/actors/" + c + "/memberships", "asOf=" + d, headers, degraded);
        var offices = get(Backend.RELATIONS, "/actors/" + c + "/officeholders", "asOf=" + d, headers, degraded);
        var elections = get(Backend.RELATIONS, "/elections", "country=" + c + "&to=" + d + "&latest=1", headers, degraded);
        var exposure = get(Backend.TRADE, "/trade/exports/" + c + "/routes", "commodity=" + CRUDE_OIL + "&to=" + d, headers, degraded);
        var trade = CompletableFuture.supplyAsync(() -> latestTradePartners(c, asOf.getYear(), headers, degraded), calls);
        CompletableFuture.allOf(actor, partners, memberships, offices, elections, exposure, trade).join();

        JsonNode actorAnswer = actor.join();
        if (actorAnswer != null && actorAnswer.has("status") && actorAnswer.path("status").asInt() == 404) {
            throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "not-found", "no actor " + code));
        }
        JsonNode[] latestTrade = trade.join();
        return new CountryProfile(code, actorAnswer == null ? null : actorAnswer.path("name").asText(null), asOf,
                items(partners.join()), items(memberships.join()), items(offices.join()), lastElection(elections.join()),
                latestTrade == null ? null : latestTrade[0].asInt(), latestTrade == null ? null : latestTrade[1],
                exposure.join(), degraded);
    }

    /** The trade partners of the latest year up to the as-of year that has figures. */
    private JsonNode[] latestTradePartners(String code, int year, MultivaluedMap<String, String> headers, Set<String> degraded) {
        for (int y = year; y > year - TRADE_LOOKBACK_YEARS; y--) {
            JsonNode answer = call(Backend.TRADE, "/trade/partners/" + code, "year=" + y, headers, degraded);
            if (answer == null) {
                return null;
            }
            JsonNode items = answer.path("items");
            if (items.isArray() && !items.isEmpty()) {
                ArrayList<JsonNode> top = new ArrayList<>();
                items.forEach(i -> {
                    if (top.size() < 5) {
                        top.add(i);
                    }
                });
                return new JsonNode[]{json.getNodeFactory().numberNode(y), json.valueToTree(top)};
            }
        }
        return new JsonNode[]{json.getNodeFactory().numberNode(year), json.createArrayNode()};
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

    private static JsonNode items(JsonNode answer) {
        return answer == null || !answer.has("items") ? null : answer.get("items");
    }

    private static JsonNode lastElection(JsonNode answer) {
        JsonNode items = items(answer);
        if (items == null) {
            return null;
        }
        JsonNode last = null;
        for (JsonNode e : items) {
            if (last == null || e.path("heldOn").asText().compareTo(last.path("heldOn").asText()) > 0) {
                last = e;
            }
        }
        return last;
    }

    @PreDestroy
    void close() {
        calls.close();
    }
}
