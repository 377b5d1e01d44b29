package dev.pulse.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request body type read strictly ({@link StrictBodies}): an unknown field is refused naming it,
 * and the body is checked as {@link dev.pulse.platform.web.StrictJson#read} checks it, with the
 * same problem+json answers, before Spring binds it to the typed parameter.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StrictBody {}
