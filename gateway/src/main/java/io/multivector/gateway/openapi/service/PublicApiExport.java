package io.multivector.gateway.openapi.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multivector.gateway.routing.Backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The build's copy of the public OpenAPI document, for generated clients: {@link PublicApiDocument} over the documents
 * Quarkus stored when it built the gateway and each backend ({@code quarkus.smallrye-openapi.store-schema-directory}),
 * so no service need run. A missing document fails the export rather than leave its paths out.
 *
 * <p>{@code PublicApiExport REPOSITORY_ROOT OUTPUT_FILE}
 */
public final class PublicApiExport {

    /** Where each module's build stores its own document (the services' application.properties). */
    static final String STORED = "target/openapi/openapi.json";

    private PublicApiExport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: PublicApiExport REPOSITORY_ROOT OUTPUT_FILE");
        }
        Path out = Path.of(args[1]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        ObjectMapper json = new ObjectMapper();
        json.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), fromStored(Path.of(args[0]), json));
    }

    /** The public document from the stored documents under a checkout's modules. */
    public static ObjectNode fromStored(Path repositoryRoot, ObjectMapper json) throws IOException {
        List<JsonNode> backends = new ArrayList<>();
        for (Backend b : Backend.values()) {
            backends.add(read(repositoryRoot.resolve(b.key() + "-service").resolve(STORED), json));
        }
        return PublicApiDocument.compose((ObjectNode) read(repositoryRoot.resolve("gateway").resolve(STORED), json), backends, List.of());
    }

    private static JsonNode read(Path stored, ObjectMapper json) throws IOException {
        if (!Files.isRegularFile(stored)) {
            throw new IOException(stored + " is missing: build that module first (./multivector build)");
        }
        return json.readTree(stored.toFile());
    }
}
