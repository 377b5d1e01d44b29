package dev.pulse.rules;

import java.util.List;

/**
 * What a feature brings to a rule domain: the facts it builds for the rules and the decisions it
 * reads back. The feature that decides owns these types (assignment's {@code Agent} lives in
 * conversations, scoring's {@code Bucket} in surveys); the rules module knows them only through
 * this interface, listed in {@code META-INF/services/dev.pulse.rules.RuleFacts}, so it depends on
 * no feature. The DRL files of the domain can use these types without importing them.
 */
public interface RuleFacts {

  RuleDomain domain();

  List<Class<?>> factTypes();

  List<Class<?>> decisionTypes();
}
