package io.multivector.platform.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A list answer: {@code items}, and {@code next} to pass as {@code after} for the next page (null on the last); a read
 * model's list also says what it answers for: the {@code asOf} date it used (lists as of a date) and the
 * {@code knownAt} (the recorded time asked for, else when it was read).
 */
public record Page<T>(List<T> items, String next,
                      @JsonInclude(JsonInclude.Include.NON_NULL) LocalDate asOf,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Instant knownAt) {

    public Page(List<T> items, String next) {
        this(items, next, null, null);
    }

    public static <T> Page<T> all(List<T> items) {
        return new Page<>(items, null);
    }

    /** Every item, as known at {@code knownAt} (null: now). */
    public static <T> Page<T> all(List<T> items, Instant knownAt) {
        return all(items, null, knownAt);
    }

    /** Every item, as of {@code asOf} (null: a list not asked as of a date) and as known at {@code knownAt} (null: now). */
    public static <T> Page<T> all(List<T> items, LocalDate asOf, Instant knownAt) {
        return new Page<>(items, null, asOf, QueryParameters.knownAtUsed(knownAt));
    }

    /** One page of a keyset-paged list, as known at {@code knownAt} (null: now). */
    public static <T> Page<T> page(List<T> items, String next, Instant knownAt) {
        return new Page<>(items, next, null, QueryParameters.knownAtUsed(knownAt));
    }
}
