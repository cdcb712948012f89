package io.multivector.platform.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * A list answer: {@code items}, and {@code next} to pass as {@code after} for the next page (null on the last); a read
 * model's list also says the {@code knownAt} it answers for: the recorded time asked for, else when it was read.
 */
public record Page<T>(List<T> items, String next,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Instant knownAt) {

    public Page(List<T> items, String next) {
        this(items, next, null);
    }

    public static <T> Page<T> all(List<T> items) {
        return new Page<>(items, null);
    }

    /** Every item, as known at {@code knownAt} (null: now). */
    public static <T> Page<T> all(List<T> items, Instant knownAt) {
        return new Page<>(items, null, QueryParameters.knownAtUsed(knownAt));
    }
}
