package io.multivector.events.catalogue;

import io.multivector.events.shape.WireEnum;

/** The tone of a statement toward its target. */
public enum Stance implements WireEnum {
    SUPPORTIVE("supportive"),
    CRITICAL("critical"),
    THREATENING("threatening");

    private final String wireName;

    Stance(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Stance of(String wireName) {
        return WireEnum.parse(Stance.class, wireName);
    }
}
