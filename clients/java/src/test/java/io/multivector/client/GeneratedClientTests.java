package io.multivector.client;

import io.multivector.client.api.CountriesApi;
import io.multivector.client.api.EventsApi;
import io.multivector.client.api.RelationsApi;
import io.multivector.client.model.CountryProfile;
import io.multivector.client.model.Dyad;
import io.multivector.client.model.Problem;
import io.multivector.client.model.TreatyInForce;
import io.multivector.devstack.WholeSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The generated client, and nothing else, against the whole system (the four services from their jars on a real
 * broker and database): what a consumer of {@code multivector-client} does. Chile and New Zealand: a pair only this
 * test writes.
 */
class GeneratedClientTests {

    static ApiClient writer;

    @BeforeAll
    static void system() {
        WholeSystem system = WholeSystem.forTests();
        writer = new ApiClient();
        writer.updateBaseUri(system.gatewayUrl());
        writer.setRequestInterceptor(request -> request.header("X-Api-Key", system.keys().writer()));
    }

    static Map<String, Object> treaty(UUID id, String treatyId, List<String> parties) {
        return Map.of("id", id.toString(), "type", "treaty.signed", "data", Map.of("occurredOn", "2020-05-01",
                "treatyId", treatyId, "title", "Client accord", "kind", "trade", "parties", parties,
                "sources", List.of(Map.of("ref", "generated client test"))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEventPostedIsReadBackAndProjectedIntoTheDyadAndTheCountryProfile() throws ApiException {
        UUID id = UUID.randomUUID();
        String treatyId = "client-" + id;
        EventsApi events = new EventsApi(writer);

        ApiResponse<Void> appended = events.appendEventsWithHttpInfo(treaty(id, treatyId, List.of("NZ", "CL")), null);
        assertThat(appended.getStatusCode()).isEqualTo(201);
        assertThat(appended.getHeaders().get("Location")).singleElement().asString().endsWith("/events/" + id);

        Map<String, Object> stored = (Map<String, Object>) events.getEvent(id.toString());
        assertThat(stored).containsEntry("id", id.toString()).containsEntry("type", "treaty.signed").containsEntry("subject", "CL~NZ");
        assertThat((Map<String, Object>) stored.get("data")).containsEntry("treatyId", treatyId);

        RelationsApi relations = new RelationsApi(writer);
        Dyad dyad = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> relations.getDyad("CL", "NZ", "2021", null, null), d -> d.getCounts().getOrDefault("treaty.signed", 0L) == 1);
        assertThat(dyad.getA()).isEqualTo("CL");
        assertThat(dyad.getTreatiesInForce()).extracting(TreatyInForce::getTreatyId).containsExactly(treatyId);

        CountryProfile profile = new CountriesApi(writer).getCountryProfile("CL", "2021", null);
        assertThat(profile.getCode()).isEqualTo("CL");
        assertThat(profile.getName()).isEqualTo("Chile");
        assertThat(profile.getDegraded()).isEmpty();
        assertThat(profile.getTopPartners()).asString().contains("NZ");
    }

    @Test
    void aBadEventIsATypedProblemNamingEachField() throws Exception {
        UUID id = UUID.randomUUID();
        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> new EventsApi(writer).appendEvents(treaty(id, "client-bad-" + id, List.of("CL", "ATLANTIS")), null));

        assertThat(refused.getCode()).isEqualTo(400);
        assertThat(refused.getResponseHeaders().firstValue("Content-Type")).hasValue("application/problem+json");
        Problem problem = writer.getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getType()).isNotBlank();
        assertThat(problem.getErrors()).anySatisfy(e -> {
            assertThat(e.getPointer()).isEqualTo("/data/parties/1");
            assertThat(e.getMessage()).isNotBlank();
        });
    }
}
