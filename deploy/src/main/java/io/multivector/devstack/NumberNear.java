package io.multivector.devstack;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/**
 * For API tests: a JSON number within a tolerance, whatever Java type the JSON reader chose for it
 * (an answer of 250 reads as Integer, 250.5 as Double or Float; hamcrest's closeTo takes only Double).
 */
public final class NumberNear extends TypeSafeMatcher<Number> {

    private final double expected;
    private final double tolerance;

    private NumberNear(double expected, double tolerance) {
        this.expected = expected;
        this.tolerance = tolerance;
    }

    public static Matcher<Number> near(double expected, double tolerance) {
        return new NumberNear(expected, tolerance);
    }

    /** Equal up to a relative 1e-9, enough for sums of decimals computed in a different order. */
    public static Matcher<Number> near(double expected) {
        return new NumberNear(expected, Math.max(1e-9, Math.abs(expected) * 1e-9));
    }

    @Override
    protected boolean matchesSafely(Number actual) {
        return Math.abs(actual.doubleValue() - expected) <= tolerance;
    }

    @Override
    public void describeTo(Description description) {
        description.appendText("a number within ").appendValue(tolerance).appendText(" of ").appendValue(expected);
    }
}
