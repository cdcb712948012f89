package io.multivector.events.reference;

import com.fasterxml.jackson.annotation.JsonValue;

/** The geopolitical blocs a balance is split by; {@link #OTHER} holds actors the reference data puts in none. */
public enum Bloc {
    RUSSIA("russia"),
    CHINA("china"),
    WEST("west"),
    TURKIC("turkic"),
    CENTRAL_ASIA("central-asia"),
    SOUTH_ASIA("south-asia"),
    MIDDLE_EAST("middle-east"),
    MULTILATERAL("multilateral"),
    OTHER("other");

    private final String wireName;

    Bloc(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Bloc ofWireName(String name) {
        for (Bloc b : values()) {
            if (b.wireName.equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown bloc '" + name + "'");
    }
}
