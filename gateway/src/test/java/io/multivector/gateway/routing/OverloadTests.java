package io.multivector.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multivector.devstack.BackendsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway with one connection per backend and no line waiting for it: requests beyond what it can
 * forward are shed at once with a 503 naming the backend, not queued, and the others are answered.
 */
@QuarkusTest
@WithTestResource(BackendsTestResource.class)
@TestProfile(OverloadTests.OneConnection.class)
class OverloadTests {

    public static class OneConnection implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("multivector.gateway.client.pool-size", "1", "multivector.gateway.client.max-waiting", "0");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TestHTTPResource("/")
    URI gateway;

    @Test
    void requestsBeyondTheConnectionsAreShedWithA503AndTheRestAnswered() throws Exception {
        HttpRequest list = HttpRequest.newBuilder(gateway.resolve("/api/v1/events?limit=500")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + BackendsTestResource.keys().reader()).build();
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            sent.add(HTTP.sendAsync(list, HttpResponse.BodyHandlers.ofString()));
        }
        int answered = 0;
        int shed = 0;
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            HttpResponse<String> r = f.join();
            if (r.statusCode() == 200) {
                answered++;
                continue;
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).contains("1");
            JsonNode problem = JSON.readTree(r.body());
            assertThat(problem.path("type").asText()).endsWith("backend-busy");
            assertThat(problem.path("detail").asText()).contains("'ingest'");
            shed++;
        }
        assertThat(answered).isPositive();
        assertThat(shed).isPositive();
    }
}
