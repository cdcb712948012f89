package io.multivector.platform.rest;

import java.util.List;

/** A list answer: {@code items}, and {@code next} to pass as {@code after} for the next page (null on the last). */
public record Page<T>(List<T> items, String next) {

    public static <T> Page<T> all(List<T> items) {
        return new Page<>(items, null);
    }
}
