package io.multivector.gateway.openapi.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.List;

/**
 * The public OpenAPI document as the running gateway serves it: {@link PublicApiDocument} over the documents the
 * backends serve now. Cached briefly; a backend that does not answer is left out and named in
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
        ObjectNode own;
        try {
            own = (ObjectNode) json.readTree(this.own.getDocument(OpenApiConstants.DEFAULT_DOCUMENT_NAME, Format.JSON));
        } catch (IOException e) {
            throw new IllegalStateException("the gateway's own OpenAPI document is not JSON", e);
        }
        List<JsonNode> answered = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Backend b : Backend.values()) {
            try {
                Forwarded f = backends.forward(b, "GET", "/q/openapi", "format=json", null, null, null).await().indefinitely();
                if (f.status() != 200) {
                    throw new IOException("status " + f.status());
                }
                answered.add(json.readTree(f.body()));
            } catch (BackendUnavailableException | BackendBusyException | IOException e) {
                LOG.warnf("OpenAPI of %s left out: %s", b.key(), e.getMessage());
                missing.add(b.key());
            }
        }
        return PublicApiDocument.compose(own, answered, missing);
    }
}
