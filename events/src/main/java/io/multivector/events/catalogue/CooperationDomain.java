package io.multivector.events.catalogue;

import io.multivector.events.shape.WireEnum;

/** The field a reported cooperation is in. */
public enum CooperationDomain implements WireEnum {
    MILITARY("military"),
    ECONOMIC("economic"),
    ENERGY("energy"),
    NUCLEAR("nuclear"),
    CULTURAL("cultural");

    private final String wireName;

    CooperationDomain(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static CooperationDomain of(String wireName) {
        return WireEnum.parse(CooperationDomain.class, wireName);
    }
}
