package io.multivector.gateway.openapi.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The public OpenAPI document composed from the gateway's own document and the backends' (their paths under
 * {@code /api/v1}, their schemas and examples), never retyped. No I/O: the running gateway composes it from the
 * documents its backends serve ({@link OpenApiAggregate}), the build from the documents Quarkus stored at build time
 * ({@code PublicApiExport}), so both are the same document.
 */
public final class PublicApiDocument {

    private PublicApiDocument() {
    }

    /**
     * @param own      the gateway's own SmallRye document (a copy: it is changed)
     * @param backends the documents of the backends that answered
     * @param missing  the keys of those that did not, named in {@code x-multivector-missing}
     */
    public static ObjectNode compose(ObjectNode own, List<JsonNode> backends, List<String> missing) {
        ObjectNode info = own.putObject("info");
        info.put("title", "Multivector API");
        info.put("version", "v1");
        info.put("description", "Sourced events of international relations, and the read models of bilateral relations "
                + "and of trade and energy routes they project into, as of any date. Errors are RFC 9457 problems; "
                + "lists are keyset-paginated ({items, next}, ?after=&limit= up to 500).");
        // the legal default while the project's owners have not chosen a licence: say so rather than leave it out
        info.putObject("license").put("name", "All rights reserved (no licence granted yet)").put("identifier", "LicenseRef-All-Rights-Reserved");
        info.putObject("contact").put("name", "Multivector maintainers");
        own.putArray("servers").addObject().put("url", "/");
        ObjectNode paths = own.with("paths");
        ObjectNode components = own.with("components");
        ArrayNode tags = own.withArray("tags");
        backends.forEach(b -> merge(b, paths, components, tags));
        if (!missing.isEmpty()) {
            missing.forEach(own.putArray("x-multivector-missing")::add);
        }
        ProblemAnswers.addTo(paths, components);
        ObjectNode schemes = components.with("securitySchemes");
        schemes.putObject("bearer").put("type", "http").put("scheme", "bearer")
                .put("description", "an API key as a bearer token; roles reader (GET), writer (POST /events), admin (/admin)");
        schemes.putObject("apiKey").put("type", "apiKey").put("in", "header").put("name", "X-Api-Key");
        ArrayNode security = own.putArray("security");
        security.addObject().putArray("bearer");
        security.addObject().putArray("apiKey");
        security.addObject(); // anonymous reads, when the gateway allows them
        return own;
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
