package io.multivector.events.catalogue;

import io.multivector.events.shape.WireEnum;

/** What a reported export share is split by. */
public enum ShareDimension implements WireEnum {
    DESTINATION("destination"),
    ROUTE("route"),
    TRANSIT("transit");

    private final String wireName;

    ShareDimension(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static ShareDimension of(String wireName) {
        return WireEnum.parse(ShareDimension.class, wireName);
    }
}
