package dev.pulse.rules;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.beans.IntrospectionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses a DRL constraint that compares an enum-typed fact field with a string, such as
 * {@code Agent( status != "available" )}. Drools compiles that and converts the string at run
 * time, so a misspelt value ({@code "availble"}) compiles and silently never matches; the
 * constant ({@code AgentStatus.AVAILABLE}) is checked when the rule base is built. The error
 * names the file and line, the field's type and the constant to write instead.
 */
final class EnumLiterals {

  /** {@code field ==|!= "text"}: the comparisons to look at. */
  private static final Pattern COMPARISON = Pattern.compile("\\b([a-z]\\w*)\\s*(==|!=)\\s*\"([^\"]*)\"");

  private EnumLiterals() {}

  static List<BuildError> check(RuleDomain domain, List<RuleFile> files) {
    Map<String, Class<?>> types = domain.typesByName();
    List<BuildError> errors = new ArrayList<>();
    for (RuleFile file : files) {
      String text = withoutComments(file.text());
      Matcher m = COMPARISON.matcher(text);
      while (m.find()) {
        Class<?> factType = types.get(patternType(text, m.start()));
        Class<?> fieldType = factType == null ? null : propertyType(factType, m.group(1));
        if (fieldType != null && fieldType.isEnum()) {
          errors.add(new BuildError(file.name(), line(text, m.start()), message(factType, m.group(1), fieldType, m.group(3))));
        }
      }
    }
    return errors;
  }

  private static String message(Class<?> factType, String field, Class<?> enumType, String literal) {
    Object[] values = enumType.getEnumConstants();
    String names = String.join(", ", Arrays.stream(values).map(v -> enumType.getSimpleName() + "." + ((Enum<?>) v).name()).toList());
    String written = Arrays.stream(values).map(v -> (Enum<?>) v).filter(v -> v.name().equalsIgnoreCase(literal)).findFirst()
        .map(v -> enumType.getSimpleName() + "." + v.name())
        .orElse(null);
    return factType.getSimpleName() + "." + field + " is a " + enumType.getSimpleName() + ", compared here with the text \"" + literal + "\": "
        + (written != null ? "write " + written + " instead" : "\"" + literal + "\" is none of its values, so the rule would never match; write one of " + names)
        + " (a constant is checked when the rules are built, a text is not)";
  }

  /** The fact type of the pattern whose parentheses hold {@code offset}: the word before the innermost open one. */
  static String patternType(String text, int offset) {
    int depth = 0;
    boolean inString = false;
    for (int i = offset - 1; i >= 0; i--) {
      char c = text.charAt(i);
      if (c == '"' && (i == 0 || text.charAt(i - 1) != '\\')) {
        inString = !inString;
      } else if (!inString && c == ')') {
        depth++;
      } else if (!inString && c == '(') {
        if (depth == 0) {
          int end = i;
          while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
          }
          int start = end;
          while (start > 0 && Character.isJavaIdentifierPart(text.charAt(start - 1))) {
            start--;
          }
          return text.substring(start, end);
        }
        depth--;
      }
    }
    return null;
  }

  private static Class<?> propertyType(Class<?> type, String property) {
    try {
      for (PropertyDescriptor p : Introspector.getBeanInfo(type).getPropertyDescriptors()) {
        if (p.getName().equals(property) || p.getName().equals(property.toLowerCase(Locale.ROOT))) {
          return p.getPropertyType();
        }
      }
    } catch (IntrospectionException e) {
      return null;
    }
    return null;
  }

  /** Comments blanked out (line breaks kept, so offsets and lines stay those of the file). */
  private static String withoutComments(String text) {
    StringBuilder out = new StringBuilder(text);
    boolean inString = false;
    for (int i = 0; i < out.length(); i++) {
      char c = out.charAt(i);
      if (c == '"' && (i == 0 || out.charAt(i - 1) != '\\')) {
        inString = !inString;
      } else if (!inString && c == '/' && i + 1 < out.length() && out.charAt(i + 1) == '/') {
        while (i < out.length() && out.charAt(i) != '\n') {
          out.setCharAt(i++, ' ');
        }
      } else if (!inString && c == '/' && i + 1 < out.length() && out.charAt(i + 1) == '*') {
        while (i < out.length() && !(out.charAt(i) == '*' && i + 1 < out.length() && out.charAt(i + 1) == '/')) {
          if (out.charAt(i) != '\n') {
            out.setCharAt(i, ' ');
          }
          i++;
        }
        if (i + 1 < out.length()) {
          out.setCharAt(i, ' ');
          out.setCharAt(i + 1, ' ');
        }
      }
    }
    return out.toString();
  }

  private static int line(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
