package io.multivector.events;

import java.util.List;

/** An event, or a batch of them, failed validation; nothing of it may be stored. */
public class InvalidEventException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidEventException(List<Violation> violations) {
        super(violations.isEmpty() ? "invalid event" : violations.get(0).pointer() + ": " + violations.get(0).message()
                + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
