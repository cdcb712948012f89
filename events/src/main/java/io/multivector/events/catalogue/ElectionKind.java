package io.multivector.events.catalogue;

import io.multivector.events.shape.WireEnum;

/** What an election decides. */
public enum ElectionKind implements WireEnum {
    PRESIDENTIAL("presidential"),
    PARLIAMENTARY("parliamentary"),
    LOCAL("local"),
    REFERENDUM("referendum");

    private final String wireName;

    ElectionKind(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static ElectionKind of(String wireName) {
        return WireEnum.parse(ElectionKind.class, wireName);
    }
}
