package io.multivector.events.shape;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Bounds on a number; NaN means unbounded. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Bounds {
    double min() default Double.NaN;

    double max() default Double.NaN;

    /** The minimum itself is excluded: the value must be greater. */
    boolean exclusiveMin() default false;
}
