package io.multivector.events.catalogue;

import io.multivector.events.shape.WireEnum;

/** The physical kind of a trade or energy route. */
public enum RouteKind implements WireEnum {
    PIPELINE("pipeline"),
    RAIL("rail"),
    SEA("sea"),
    CORRIDOR("corridor"),
    PORT("port");

    private final String wireName;

    RouteKind(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static RouteKind of(String wireName) {
        return WireEnum.parse(RouteKind.class, wireName);
    }
}
