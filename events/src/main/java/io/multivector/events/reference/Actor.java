package io.multivector.events.reference;

import java.util.Map;

/**
 * A state or an organisation that events name by code.
 *
 * @param blocs shares of this actor's weight per bloc, summing to 1; {@code {other: 1}} when the
 *              reference data puts it in no bloc
 */
public record Actor(String code, String name, Kind kind, Map<Bloc, Double> blocs) {

    public enum Kind { state, organization }

    public Actor {
        blocs = Map.copyOf(blocs);
    }
}
