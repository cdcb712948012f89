package io.multivector.gateway.routing.service;

import java.util.Map;

/** A backend's answer as the gateway passes it on: status, the headers that matter, the body untouched. */
public record Forwarded(int status, String contentType, Map<String, String> headers, byte[] body) {
}
