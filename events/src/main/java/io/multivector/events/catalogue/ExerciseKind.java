package io.multivector.events.catalogue;

import io.multivector.events.shape.WireEnum;

/** The kind of a military exercise. */
public enum ExerciseKind implements WireEnum {
    JOINT_MILITARY("joint-military"),
    PEACEKEEPING("peacekeeping"),
    COUNTER_TERRORISM("counter-terrorism");

    private final String wireName;

    ExerciseKind(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static ExerciseKind of(String wireName) {
        return WireEnum.parse(ExerciseKind.class, wireName);
    }
}
