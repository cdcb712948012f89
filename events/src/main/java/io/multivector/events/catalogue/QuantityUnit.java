package io.multivector.events.catalogue;

import io.multivector.events.shape.WireEnum;

/** Units of shipped quantities; never added across units. */
public enum QuantityUnit implements WireEnum {
    BBL("bbl"),
    T("t"),
    M3("m3");

    private final String wireName;

    QuantityUnit(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static QuantityUnit of(String wireName) {
        return WireEnum.parse(QuantityUnit.class, wireName);
    }
}
