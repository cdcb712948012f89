package io.multivector.gateway.profile.service;

import com.fasterxml.jackson.databind.util.RawValue;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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

    /** The parts' lists and objects go out as the backends wrote them (PartMembers), documented as any JSON value. */
    public record CountryProfile(String code, String name, LocalDate asOf, Instant knownAt,
                                 @Schema(ref = "JsonValue") RawValue topPartners,
                                 @Schema(ref = "JsonValue") RawValue memberships,
                                 @Schema(ref = "JsonValue") RawValue officeholders,
                                 @Schema(ref = "JsonValue") RawValue lastElection, Integer tradeYear,
                                 @Schema(ref = "JsonValue") RawValue topTradePartners,
                                 @Schema(ref = "JsonValue") RawValue crudeOilExposure, Set<String> degraded) {
    }

    private final BackendClient backends;

    public ProfileService(BackendClient backends) {
        this.backends = backends;
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
        Uni<PartMembers> relations = call(Backend.RELATIONS, "/countries/" + c + "/relations-part", d, headers, degraded);
        Uni<PartMembers> trade = call(Backend.TRADE, "/countries/" + c + "/trade-part", d, headers, degraded);
        return Uni.combine().all().unis(relations, trade).with((r, t) -> compose(code, asOf, knownAt, r, t, degraded));
    }

    /** The profile from the parts that answered (null: the backend failed); a 404 part means there is no such actor. */
    static CountryProfile compose(String code, LocalDate asOf, Instant knownAt, PartMembers r, PartMembers t, Set<String> degraded) {
        if (r != null && r.integer("status") == 404) {
            throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "not-found", "no actor " + code));
        }
        boolean relationsAnswered = r != null && r.has("code");
        boolean tradeAnswered = t != null && t.has("code");
        try {
            return new CountryProfile(code, relationsAnswered ? r.text("name") : null, asOf, QueryParameters.knownAtUsed(knownAt),
                    relationsAnswered ? r.raw("topPartners") : null, relationsAnswered ? r.raw("memberships") : null,
                    relationsAnswered ? r.raw("officeholders") : null, relationsAnswered ? r.raw("lastElection") : null,
                    tradeAnswered ? t.integer("tradeYear") : null, tradeAnswered ? t.raw("topTradePartners") : null,
                    tradeAnswered ? t.raw("crudeOilExposure") : null, degraded);
        } catch (IOException e) {
            throw new IllegalStateException("a part of the profile of " + code + " is not JSON", e);
        }
    }

    /** The backend's JSON answer; a 404 comes back as its problem body; null (and degraded) when it failed. */
    private Uni<PartMembers> call(Backend b, String path, String query, MultivaluedMap<String, String> headers, Set<String> degraded) {
        return backends.forward(b, "GET", path, query, headers, null, null)
                .map(f -> {
                    if (f.status() >= 500) {
                        markDegraded(degraded, b);
                        return null;
                    }
                    try {
                        return PartMembers.of(f.body());
                    } catch (IOException e) {
                        markDegraded(degraded, b);
                        return (PartMembers) null;
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
