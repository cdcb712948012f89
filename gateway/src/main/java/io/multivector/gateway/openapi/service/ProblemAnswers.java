package io.multivector.gateway.openapi.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multivector.platform.problem.Problem;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The error answers of every operation of the public document, as RFC 9457 problems with one {@code Problem} schema:
 * what the gateway itself answers for any operation (401 without a known key, 403 without the role, 429 over the rate
 * limit, 503 when the backend is unavailable or busy), and what any operation with parameters or a body (400) or with a
 * path parameter (404) answers. An error answer a service documents itself keeps its description and gets the schema.
 */
final class ProblemAnswers {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final String SCHEMA_REF = "#/components/schemas/Problem";

    private ProblemAnswers() {
    }

    static void addTo(ObjectNode paths, ObjectNode components) {
        components.with("schemas").set("Problem", problemSchema(components));
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey()) && op.getValue() instanceof ObjectNode operation) {
                    answer(path.getKey(), operation);
                }
            }
        }
    }

    private static void answer(String path, ObjectNode operation) {
        ObjectNode responses = operation.with("responses");
        if (operation.path("parameters").size() > 0 || operation.has("requestBody")) {
            problem(responses, "400", "a parameter or the body is invalid; errors[].pointer names each", false);
        }
        if (path.contains("{")) {
            problem(responses, "404", "nothing is known by this path's name or id", false);
        }
        problem(responses, "401", "no API key where one is needed, or an unknown key", false);
        problem(responses, "403", "the key's role does not allow this", false);
        problem(responses, "429", "over the key's rate limit: ask again after Retry-After seconds", true);
        problem(responses, "503", "the backend is unavailable or busy: ask again after Retry-After seconds", true);
        // error answers a service documented without the problem's schema (or without content) get it
        responses.fields().forEachRemaining(r -> {
            if (r.getKey().matches("[45]..") && r.getValue() instanceof ObjectNode answer) {
                ObjectNode media = answer.with("content").with(Problem.MEDIA_TYPE);
                if (!media.has("schema")) {
                    media.putObject("schema").put("$ref", SCHEMA_REF);
                }
            }
        });
    }

    private static void problem(ObjectNode responses, String status, String description, boolean retryAfter) {
        if (responses.has(status)) {
            return;
        }
        ObjectNode r = responses.putObject(status);
        r.put("description", description);
        r.putObject("content").putObject(Problem.MEDIA_TYPE).putObject("schema").put("$ref", SCHEMA_REF);
        if (retryAfter) {
            r.putObject("headers").putObject("Retry-After").put("description", "seconds to wait before asking again")
                    .putObject("schema").put("type", "integer");
        }
    }

    /** The shape of {@link Problem}, with {@code errors[{pointer, message}]}. */
    private static ObjectNode problemSchema(ObjectNode components) {
        ObjectNode schema = components.objectNode();
        schema.put("type", "object").put("description", "an RFC 9457 problem detail");
        schema.putArray("required").add("type").add("title").add("status");
        ObjectNode p = schema.putObject("properties");
        p.putObject("type").put("type", "string").put("example", "urn:multivector:problem:validation");
        p.putObject("title").put("type", "string").put("example", "Bad Request");
        p.putObject("status").put("type", "integer").put("example", 400);
        p.putObject("detail").put("type", "string");
        p.putObject("instance").put("type", "string");
        ObjectNode errors = p.putObject("errors");
        errors.put("type", "array").put("description", "validation failures, each at a JSON pointer into the body or /query/<name>");
        ObjectNode item = errors.putObject("items");
        item.put("type", "object");
        item.putArray("required").add("pointer").add("message");
        item.putObject("properties").set("pointer", components.objectNode().put("type", "string").put("example", "/query/knownAt"));
        ((ObjectNode) item.get("properties")).putObject("message").put("type", "string");
        return schema;
    }
}
