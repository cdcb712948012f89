package io.multivector.events.catalogue;

import io.multivector.events.shape.WireEnum;

/** What a treaty is about. */
public enum TreatyKind implements WireEnum {
    PARTNERSHIP("partnership"),
    COOPERATION("cooperation"),
    TRADE("trade"),
    ENERGY("energy"),
    SECURITY("security"),
    ARMS_CONTROL("arms-control"),
    BORDER("border"),
    OTHER("other");

    private final String wireName;

    TreatyKind(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static TreatyKind of(String wireName) {
        return WireEnum.parse(TreatyKind.class, wireName);
    }
}
