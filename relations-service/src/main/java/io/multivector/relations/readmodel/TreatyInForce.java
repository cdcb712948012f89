package io.multivector.relations.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A treaty as a dyad lists it among those in force. Its JSON is written once, when the treaty's pair rows are
 * projected ({@code listed}), and a dyad's list is those texts joined: a busy pair has thousands of treaties in force.
 */
@Schema(name = "TreatyInForce")
public record TreatyInForce(String treatyId, String title, String signedOn) {

    private static final ObjectWriter JSON = new ObjectMapper().writerFor(TreatyInForce.class);

    /** This treaty's JSON as a dyad lists it. */
    public String listed() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a treaty of three strings is always JSON", e);
        }
    }
}
