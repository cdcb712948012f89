package io.multivector.events.shape;

import com.fasterxml.jackson.annotation.JsonValue;

/** An enum whose constants travel as lower-case, hyphenated names ({@code arms-control}). */
public interface WireEnum {

    @JsonValue
    String wireName();

    static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.wireName().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + name + "'");
    }
}
