package io.multivector.gateway.profile.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multivector.gateway.routing.Backend;
import io.multivector.gateway.routing.service.BackendClient;
import io.multivector.gateway.routing.service.Forwarded;
import io.multivector.platform.problem.Problem;
import io.multivector.platform.problem.ProblemException;
import io.multivector.platform.rest.QueryParameters;
import io.multivector.platform.rest.RequestCorrelation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;

/**
 * A country as of a date, composed from both read models in parallel. A backend that fails leaves
 * its parts empty and is named in {@code degraded}; the rest still answers.
 */
@ApplicationScoped
public class ProfileService {

    public record CountryProfile(String code, String name, LocalDate asOf, Instant knownAt, JsonNode topPartners, JsonNode memberships,
                                 JsonNode officeholders, JsonNode lastElection, Integer tradeYear, JsonNode topTradePartners,
                                 JsonNode crudeOilExposure, Set<String> degraded) {
    }

    private final BackendClient backends;
    private final ObjectMapper json;

    public ProfileService(BackendClient backends, ObjectMapper json) {
        this.backends = backends;
        this.json = json;
    }

    /** @param knownAt a recorded time both parts are as known at; null: what each knows now */
    public Uni<CountryProfile> profile(String code, LocalDate asOf, Instant knownAt, MultivaluedMap<String, String> callerHeaders) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        if (callerHeaders.getFirst(RequestCorrelation.REQUEST_ID) != null) {
            headers.putSingle(RequestCorrelation.REQUEST_ID, callerHeaders.getFirst(RequestCorrelation.REQUEST_ID));
        }
        String c = URLEncoder.encode(code, StandardCharsets.UTF_8);
        String d = "asOf=" + asOf + (knownAt == null ? "" : "&knownAt=" + URLEncoder.encode(knownAt.toString(), StandardCharsets.UTF_8));
        Set<String> degraded = new TreeSet<>();
        // one composed call per read model, both at once
        Uni<JsonNode> relations = call(Backend.RELATIONS, "/countries/" + c + "/relations-part", d, headers, degraded);
        Uni<JsonNode> trade = call(Backend.TRADE, "/countries/" + c + "/trade-part", d, headers, degraded);
        return Uni.combine().all().unis(relations, trade).with((r, t) -> {
            if (r != null && r.path("status").asInt() == 404) {
                throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "not-found", "no actor " + code));
            }
            boolean relationsAnswered = r != null && r.has("code");
            boolean tradeAnswered = t != null && t.has("code");
            return new CountryProfile(code, relationsAnswered ? r.path("name").asText(null) : null, asOf,
                    QueryParameters.knownAtUsed(knownAt),
                    relationsAnswered ? r.get("topPartners") : null, relationsAnswered ? r.get("memberships") : null,
                    relationsAnswered ? r.get("officeholders") : null, relationsAnswered ? nullIfMissing(r.get("lastElection")) : null,
                    tradeAnswered ? t.path("tradeYear").asInt() : null, tradeAnswered ? t.get("topTradePartners") : null,
                    tradeAnswered ? t.get("crudeOilExposure") : null, degraded);
        });
    }

    private static JsonNode nullIfMissing(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }

    /** The backend's JSON answer; a 404 comes back as its problem body; null (and degraded) when it failed. */
    private Uni<JsonNode> call(Backend b, String path, String query, MultivaluedMap<String, String> headers, Set<String> degraded) {
        return backends.forward(b, "GET", path, query, headers, null, null)
                .map(f -> {
                    if (f.status() >= 500) {
                        markDegraded(degraded, b);
                        return null;
                    }
                    try {
                        return json.readTree(f.body());
                    } catch (IOException e) {
                        markDegraded(degraded, b);
                        return (JsonNode) null;
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    markDegraded(degraded, b);
                    return null;
                });
    }

    private static void markDegraded(Set<String> degraded, Backend b) {
        synchronized (degraded) {
            degraded.add(b.key());
        }
    }
}
