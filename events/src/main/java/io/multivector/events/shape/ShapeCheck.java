package io.multivector.events.shape;

import io.multivector.events.Violation;
import io.multivector.events.reference.ReferenceData;

import java.util.ArrayList;
import java.util.List;

/** The violations found while checking one document, and what the checks need to know. */
public final class ShapeCheck {

    /** No list in an event is longer; keeps hostile input from costing much. */
    static final int MAX_ITEMS = 1000;
    /** Stop collecting after this many: a person reads the first few, a machine needs only one. */
    private static final int MAX_VIOLATIONS = 50;

    private final ReferenceData reference;
    private final List<Violation> violations = new ArrayList<>();

    public ShapeCheck(ReferenceData reference) {
        this.reference = reference;
    }

    public ReferenceData reference() {
        return reference;
    }

    public void fail(String pointer, String message) {
        if (violations.size() < MAX_VIOLATIONS) {
            violations.add(new Violation(pointer, message));
        }
    }

    public boolean failed() {
        return !violations.isEmpty();
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    /** Echoes of hostile input stay short. */
    static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
