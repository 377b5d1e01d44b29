package dev.pulse.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;

/**
 * Compiles a domain's DRL files into a KieBase, or into the list of errors (file, line, message)
 * that stop it. Compiling is slow (tenths of a second to seconds) and happens on load, never per
 * evaluation. Each build's KieModule is taken out of Drools' global repository as soon as the
 * KieBase exists, so old versions do not pile up in memory.
 */
public final class RuleCompiler {

  private static final String GROUP = "dev.pulse.rules";
  private static final AtomicLong BUILDS = new AtomicLong();

  private RuleCompiler() {}

  /** How many builds this JVM has run (each build's KieModule is named after its number). */
  static long builds() {
    return BUILDS.get();
  }

  static ReleaseId releaseId(RuleDomain domain, long build) {
    return KieServices.get().newReleaseId(GROUP, domain.id(), "1." + build);
  }

  /** Either a rule base or the errors; warnings travel with a success. */
  public record Result(CompiledRuleBase ruleBase, List<BuildError> errors, List<BuildError> warnings) {
    public boolean ok() {
      return ruleBase != null;
    }
  }

  public static Result compile(RuleDomain domain, List<RuleFile> files) {
    if (files.isEmpty()) {
      return new Result(null, List.of(new BuildError("rules/" + domain.id(), 0, "no .drl files in the domain folder")), List.of());
    }
    List<BuildError> enumTexts = EnumLiterals.check(domain, files);
    if (!enumTexts.isEmpty()) {
      return new Result(null, enumTexts, List.of());
    }
    long began = System.nanoTime();
    KieServices kie = KieServices.get();
    ReleaseId releaseId = releaseId(domain, BUILDS.incrementAndGet());
    KieFileSystem fs = kie.newKieFileSystem();
    fs.generateAndWritePomXML(releaseId);
    String folder = "src/main/resources/" + GROUP.replace('.', '/') + "/" + domain.id() + "/";
    for (RuleFile file : files) {
      fs.write(folder + file.name(), withDomainImports(domain, file.text()));
    }
    try {
      KieBuilder builder = kie.newKieBuilder(fs).buildAll();
      List<BuildError> errors = messages(builder, Message.Level.ERROR, folder);
      List<BuildError> warnings = messages(builder, Message.Level.WARNING, folder);
      if (!errors.isEmpty()) {
        return new Result(null, errors, warnings);
      }
      KieContainer container = kie.newKieContainer(releaseId);
      KieBase base = container.getKieBase();
      long millis = (System.nanoTime() - began) / 1_000_000;
      return new Result(new CompiledRuleBase(domain, List.copyOf(files), base, millis), List.of(), warnings);
    } catch (RuntimeException e) {
      // Drools throws for some malformed input instead of reporting it
      return new Result(null, List.of(new BuildError(files.size() == 1 ? files.get(0).name() : "rules/" + domain.id(), 0, String.valueOf(e.getMessage()))), List.of());
    } finally {
      kie.getRepository().removeKieModule(releaseId);
    }
  }

  private static final java.util.regex.Pattern PACKAGE =
      java.util.regex.Pattern.compile("^[ \\t]*package[ \\t]+[\\w.]+[ \\t]*;?", java.util.regex.Pattern.MULTILINE);

  /** {@code import a.b.Name} (not {@code a.b.*}) and {@code declare Name}: names a file gives itself. */
  private static final java.util.regex.Pattern OWN_NAMES = java.util.regex.Pattern.compile(
      "^[ \\t]*import[ \\t]+(?!function\\b)(?:static[ \\t]+)?[\\w.]*?\\.?(\\w+)[ \\t]*;?[ \\t]*$|\\bdeclare[ \\t]+(?:trait[ \\t]+)?(\\w+)",
      java.util.regex.Pattern.MULTILINE);

  /**
   * The DRL text with an import of each of the domain's types ({@link RuleDomain#importableTypes}),
   * so an analyst's file needs no imports for them (the types live with the feature that decides,
   * and may move). The imports go on the {@code package} line itself, so the line numbers in
   * errors stay those of the file the analyst wrote. A name the file imports or declares itself
   * is left to the file.
   */
  static String withDomainImports(RuleDomain domain, String text) {
    java.util.Set<String> own = new java.util.HashSet<>();
    java.util.regex.Matcher named = OWN_NAMES.matcher(text);
    while (named.find()) {
      own.add(named.group(1) != null ? named.group(1) : named.group(2));
    }
    StringBuilder imports = new StringBuilder();
    for (String type : domain.importableTypes()) {
      if (!own.contains(type.substring(type.lastIndexOf('.') + 1))) {
        imports.append(" import ").append(type).append(';');
      }
    }
    java.util.regex.Matcher m = PACKAGE.matcher(text);
    if (m.find()) {
      String statement = m.group();
      return text.substring(0, m.end()) + (statement.endsWith(";") ? "" : ";") + imports + text.substring(m.end());
    }
    return imports.length() == 0 ? text : imports.substring(1) + " " + text;
  }

  private static List<BuildError> messages(KieBuilder builder, Message.Level level, String folder) {
    List<BuildError> result = new ArrayList<>();
    for (Message m : builder.getResults().getMessages(level)) {
      String path = m.getPath() == null ? "" : m.getPath();
      String file = path.startsWith(folder) ? path.substring(folder.length()) : path.replaceFirst("^.*/", "");
      result.add(new BuildError(file, Math.max(m.getLine(), 0), m.getText().strip()));
    }
    return result;
  }
}
