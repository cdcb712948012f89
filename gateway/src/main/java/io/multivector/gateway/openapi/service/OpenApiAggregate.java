package io.multivector.gateway.openapi.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multivector.gateway.routing.Backend;
import io.multivector.gateway.routing.service.BackendClient;
import io.multivector.gateway.routing.service.BackendBusyException;
import io.multivector.gateway.routing.service.BackendUnavailableException;
import io.multivector.gateway.routing.service.Forwarded;
import io.quarkus.smallrye.openapi.runtime.OpenApiConstants;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.smallrye.openapi.runtime.io.Format;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * One OpenAPI document for the public API, made from the backends' own SmallRye documents (their
 * paths under {@code /api/v1}, their schemas and examples) and the gateway's own paths, never
 * retyped. Cached briefly; a backend that does not answer is left out and named in
 * {@code x-multivector-missing} until it does.
 */
@ApplicationScoped
public class OpenApiAggregate {

    private static final Logger LOG = Logger.getLogger(OpenApiAggregate.class);
    private static final Duration CACHE = Duration.ofSeconds(30);

    private final BackendClient backends;
    private final OpenApiDocumentService own;
    private final ObjectMapper json;
    private volatile ObjectNode cached;
    private volatile Instant cachedAt = Instant.EPOCH;

    public OpenApiAggregate(BackendClient backends, OpenApiDocumentService own, ObjectMapper json) {
        this.backends = backends;
        this.own = own;
        this.json = json;
    }

    public ObjectNode document() {
        ObjectNode doc = cached;
        if (doc == null || Instant.now().isAfter(cachedAt.plus(CACHE))) {
            doc = build();
            if (!doc.has("x-multivector-missing")) {
                cached = doc;
                cachedAt = Instant.now();
            }
        }
        return doc;
    }

    private ObjectNode build() {
        ObjectNode doc;
        try {
            doc = (ObjectNode) json.readTree(own.getDocument(OpenApiConstants.DEFAULT_DOCUMENT_NAME, Format.JSON));
        } catch (IOException e) {
            throw new IllegalStateException("the gateway's own OpenAPI document is not JSON", e);
        }
        ObjectNode info = doc.putObject("info");
        info.put("title", "Multivector API");
        info.put("version", "v1");
        info.put("description", "Sourced events of international relations, and the read models of bilateral relations "
                + "and of trade and energy routes they project into, as of any date. Errors are RFC 9457 problems; "
                + "lists are keyset-paginated ({items, next}, ?after=&limit= up to 500).");
        doc.putArray("servers").addObject().put("url", "/");
        ObjectNode paths = doc.with("paths");
        ObjectNode components = doc.with("components");
        ArrayNode tags = doc.withArray("tags");
        for (Backend b : Backend.values()) {
            try {
                Forwarded f = backends.forward(b, "GET", "/q/openapi", "format=json", null, null, null).await().indefinitely();
                if (f.status() != 200) {
                    throw new IOException("status " + f.status());
                }
                merge(json.readTree(f.body()), paths, components, tags);
            } catch (BackendUnavailableException | BackendBusyException | IOException e) {
                LOG.warnf("OpenAPI of %s left out: %s", b.key(), e.getMessage());
                doc.withArray("x-multivector-missing").add(b.key());
            }
        }
        ProblemAnswers.addTo(paths, components);
        ObjectNode schemes = components.with("securitySchemes");
        schemes.putObject("bearer").put("type", "http").put("scheme", "bearer")
                .put("description", "an API key as a bearer token; roles reader (GET), writer (POST /events), admin (/admin)");
        schemes.putObject("apiKey").put("type", "apiKey").put("in", "header").put("name", "X-Api-Key");
        ArrayNode security = doc.putArray("security");
        security.addObject().putArray("bearer");
        security.addObject().putArray("apiKey");
        security.addObject(); // anonymous reads, when the gateway allows them
        return doc;
    }

    private static void merge(JsonNode backend, ObjectNode paths, ObjectNode components, ArrayNode tags) {
        for (Iterator<Map.Entry<String, JsonNode>> it = backend.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (!p.getKey().startsWith("/q/")) {
                paths.set("/api/v1" + p.getKey(), p.getValue());
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> kinds = backend.path("components").fields(); kinds.hasNext(); ) {
            Map.Entry<String, JsonNode> kind = kinds.next();
            ObjectNode into = components.with(kind.getKey());
            // the services share the platform's types (Problem, Page…): same name, same shape
            kind.getValue().fields().forEachRemaining(c -> into.putIfAbsent(c.getKey(), c.getValue()));
        }
        backend.path("tags").forEach(t -> {
            boolean known = false;
            for (JsonNode have : tags) {
                known |= have.path("name").equals(t.path("name"));
            }
            if (!known) {
                tags.add(t);
            }
        });
    }
}
