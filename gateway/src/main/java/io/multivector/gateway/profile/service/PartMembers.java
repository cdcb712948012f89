package io.multivector.gateway.profile.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.util.RawValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A backend's part of a country profile: the top-level members of its JSON object, each kept as the JSON text the
 * backend wrote. The profile passes the parts' lists on as they are; reading them into trees and writing them again
 * took most of the gateway's time per profile once a country's lists grew (at 1,000,000 events, 1.2 ms of the
 * gateway's CPU per profile against 0.34 ms for a small corpus).
 */
final class PartMembers {

    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, String> members;

    private PartMembers(Map<String, String> members) {
        this.members = members;
    }

    /** The members of {@code json}, a UTF-8 JSON object; fails on anything else. */
    static PartMembers of(byte[] json) throws IOException {
        Map<String, String> members = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                int start = (int) p.currentTokenLocation().getByteOffset();
                if (p.currentToken().isStructStart()) {
                    p.skipChildren(); // to its end token
                } else {
                    p.finishToken(); // a string is read lazily: its end is known once it is read
                }
                int end = (int) p.currentLocation().getByteOffset();
                members.put(name, new String(json, start, end - start, StandardCharsets.UTF_8));
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IOException("not a single JSON object");
            }
        }
        return new PartMembers(members);
    }

    boolean has(String name) {
        return members.containsKey(name);
    }

    /** The member's JSON, written as it came; null when the part has no such member or it is JSON null. */
    RawValue raw(String name) {
        String json = members.get(name);
        return json == null || json.equals("null") ? null : new RawValue(json);
    }

    /** A string member's value; null when absent or not a string. */
    String text(String name) throws IOException {
        String json = members.get(name);
        if (json == null || !json.startsWith("\"")) {
            return null;
        }
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            return p.getText();
        }
    }

    /** An integer member's value; 0 when absent or not a number, as a tree's {@code asInt} gives it. */
    int integer(String name) {
        String json = members.get(name);
        try {
            return json == null ? 0 : Integer.parseInt(json);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
