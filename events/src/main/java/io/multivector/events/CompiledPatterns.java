package io.multivector.events;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Regular expressions compiled once. The shapes keep their patterns as text (they also publish them
 * in the JSON Schema); {@code String.matches} would compile each one again for every value checked.
 */
public final class CompiledPatterns {

    private static final ConcurrentHashMap<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private CompiledPatterns() {
    }

    /** Whether the whole of {@code text} matches {@code regex}, as {@link String#matches(String)}. */
    public static boolean matches(String regex, CharSequence text) {
        return COMPILED.computeIfAbsent(regex, Pattern::compile).matcher(text).matches();
    }
}
