package io.multivector.events.catalogue;

import io.multivector.events.shape.WireEnum;

/** Whether a route carries goods. */
public enum RouteStatus implements WireEnum {
    PLANNED("planned"),
    OPERATING("operating"),
    CLOSED("closed");

    private final String wireName;

    RouteStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static RouteStatus of(String wireName) {
        return WireEnum.parse(RouteStatus.class, wireName);
    }
}
