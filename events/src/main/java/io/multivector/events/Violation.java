package io.multivector.events;

/** One reason an event is invalid, at a JSON pointer (RFC 6901) into the submitted document. */
public record Violation(String pointer, String message) {

    /** The same violation seen from a containing document, e.g. {@code /lines/3} of an NDJSON batch. */
    public Violation under(String prefix) {
        return new Violation(prefix + pointer, message);
    }
}
