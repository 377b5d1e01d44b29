package dev.pulse.rules;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule that compiled but failed while deciding (a division by zero, a null where a value was
 * expected): the domain, the rule, its file and line, and the reason in a sentence. It carries no
 * stack trace, so wherever it ends up (an incident, a log line, a problem+json) it reads as that
 * sentence; the original exception is kept in {@link #origin()} for the log.
 */
public final class RuleFailure extends RuntimeException {

  private static final Pattern RULE_IN_MESSAGE = Pattern.compile("Rule \"([^\"]+)\"|rule \"([^\"]+)\"|\\[Rule name='([^']+)'");

  private final RuleDomain domain;
  private final String rule;
  private final String file;
  private final int line;
  private final String reason;
  private final transient Throwable origin;

  RuleFailure(RuleDomain domain, String rule, String file, int line, String reason, Throwable origin) {
    super(sentence(domain, rule, file, line, reason), null, false, false);
    this.domain = domain;
    this.rule = rule;
    this.file = file;
    this.line = line;
    this.reason = reason;
    this.origin = origin;
  }

  /** What went wrong in a rule base's evaluation, located in its files where the rule can be found. */
  static RuleFailure of(RuleDomain domain, List<RuleFile> files, RuntimeException e, String firing) {
    String rule = firing;
    for (Throwable t = e; t != null && rule == null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof org.kie.api.runtime.rule.ConsequenceException c && c.getMatch() != null) {
        rule = c.getMatch().getRule().getName();
      } else if (t.getMessage() != null) {
        Matcher m = RULE_IN_MESSAGE.matcher(t.getMessage());
        if (m.find()) {
          rule = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        }
      }
    }
    String file = null;
    int line = 0;
    if (rule != null) {
      Pattern declaration = Pattern.compile("^\\s*rule\\s+(\"" + Pattern.quote(rule) + "\"|" + Pattern.quote(rule) + "\\b)");
      outer:
      for (RuleFile f : files) {
        String[] lines = f.text().split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
          if (declaration.matcher(lines[i]).find()) {
            file = f.name();
            line = i + 1;
            break outer;
          }
        }
      }
    }
    return new RuleFailure(domain, rule, file, line, reason(e), e);
  }

  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    String kind = root.getClass().getSimpleName();
    if (message == null || message.isBlank()) {
      return kind;
    }
    String first = message.strip().split("\\R", 2)[0];
    if (first.length() > 300) {
      first = first.substring(0, 300) + "...";
    }
    return root instanceof ArithmeticException || root instanceof NullPointerException || root instanceof ClassCastException ? kind + ": " + first : first;
  }

  private static String sentence(RuleDomain domain, String rule, String file, int line, String reason) {
    String where = file == null ? "" : " (" + domain.id() + "/" + file + ":" + line + ")";
    return (rule == null ? "A " + domain.id() + " rule" : "The " + domain.id() + " rule \"" + rule + "\"") + where + " failed while deciding: " + reason;
  }

  /** The failure as problem+json with this status: the sentence, and domain, rule, file ({@code domain/file}) and line as properties. */
  public org.springframework.http.ProblemDetail problem(org.springframework.http.HttpStatus status) {
    org.springframework.http.ProblemDetail problem = org.springframework.http.ProblemDetail.forStatusAndDetail(status, getMessage());
    problem.setTitle("A rule failed while deciding");
    problem.setProperty("domain", domain.id());
    problem.setProperty("rule", rule);
    problem.setProperty("file", file == null ? null : domain.id() + "/" + file);
    problem.setProperty("line", line);
    return problem;
  }

  public RuleDomain domain() {
    return domain;
  }

  /** The rule's name; null when the engine did not say which rule. */
  public String rule() {
    return rule;
  }

  /** The file (within the domain) and line where the rule is declared; null and 0 when unknown. */
  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public String reason() {
    return reason;
  }

  public Throwable origin() {
    return origin;
  }
}
