package io.multivector.projection.runtime;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which answers applied events may have changed: those about any of {@link #actors}, or every answer. An answer kept
 * for an actor (or a pair) the batches since it was computed did not reach is still the answer (CachedAnswers).
 * Conservative by construction: {@link #EVERY_ANSWER} absorbs everything joined to it.
 */
public record AnswerReach(Set<String> actors, boolean everyAnswer) {

    /** What nothing applied reaches. */
    public static final AnswerReach NONE = new AnswerReach(Set.of(), false);
    /** What an event whose effects go beyond the actors it names (or an unknown batch) reaches. */
    public static final AnswerReach EVERY_ANSWER = new AnswerReach(Set.of(), true);

    /** As a notification carries it: {@code *} for every answer, else the actors separated by commas. */
    private static final String EVERY = "*";
    /** Longer lists travel as {@code *}: PostgreSQL's notifications carry less than 8,000 bytes. */
    private static final int MAX_WIRE_CHARS = 6_000;

    public AnswerReach {
        actors = Set.copyOf(actors);
    }

    public static AnswerReach actors(Collection<String> actors) {
        return new AnswerReach(Set.copyOf(actors), false);
    }

    /** What either reaches. */
    public AnswerReach and(AnswerReach other) {
        if (everyAnswer || other.everyAnswer) {
            return EVERY_ANSWER;
        }
        if (other.actors.isEmpty()) {
            return this;
        }
        if (actors.isEmpty()) {
            return other;
        }
        Set<String> both = new TreeSet<>(actors);
        both.addAll(other.actors);
        return new AnswerReach(both, false);
    }

    /** Whether an answer about {@code scope} (its actors) may have changed. */
    public boolean reaches(Collection<String> scope) {
        if (everyAnswer) {
            return true;
        }
        for (String actor : scope) {
            if (actors.contains(actor)) {
                return true;
            }
        }
        return false;
    }

    /** The text a notification carries. */
    public String wire() {
        if (everyAnswer) {
            return EVERY;
        }
        String text = String.join(",", new TreeSet<>(actors));
        return text.length() > MAX_WIRE_CHARS ? EVERY : text;
    }

    /** Reads {@link #wire}; a notification without it (null) reached every answer, as far as anyone can tell. */
    public static AnswerReach fromWire(String text) {
        if (text == null || text.equals(EVERY)) {
            return EVERY_ANSWER;
        }
        return text.isEmpty() ? NONE : actors(java.util.List.of(text.split(",")));
    }
}
