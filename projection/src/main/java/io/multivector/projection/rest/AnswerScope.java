package io.multivector.projection.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a read whose answer is about the actors its path names, and nothing else: the names of those path parameters.
 * Its kept answer is served again after batches that reached none of them ({@link
 * io.multivector.projection.readmodel.CachedAnswers}). A read without it is about everything: any batch drops its
 * kept answer. Only for answers read with the actors' codes as the path gives them, and whose projection says which
 * actors each event reaches ({@link io.multivector.projection.runtime.Projection#reach}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AnswerScope {

    /** The path parameters that name the answer's actors. */
    String[] value();
}
