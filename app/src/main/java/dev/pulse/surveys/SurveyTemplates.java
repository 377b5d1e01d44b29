package dev.pulse.surveys;

import dev.pulse.platform.Texts;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.NoSuchMessageException;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the templates of survey pages and mails ({@code templates/<name>.html}, the plain-text
 * mail {@code templates/mail/survey.txt}) to a String, in a
 * language: {@code #{key}} in a template is the key's text in the language's survey bundle
 * ({@link SurveyTexts}, with its fallbacks), {@code th:text} escapes. Texts a survey defines
 * (question, thank-you, mail body...) come in as variables, already filled with their tokens.
 *
 * <p>The engine is this component's own, not a bean: Spring MVC does not resolve views with it,
 * and its messages are the survey bundles only, not the application's {@link MessageSource}.
 */
@Component
class SurveyTemplates {

  private final SpringTemplateEngine engine = new SpringTemplateEngine();

  SurveyTemplates() {
    ClassLoaderTemplateResolver text = new ClassLoaderTemplateResolver(SurveyTemplates.class.getClassLoader());
    text.setPrefix("templates/");
    text.setResolvablePatterns(java.util.Set.of("*.txt"));
    text.setTemplateMode(TemplateMode.TEXT);
    text.setCharacterEncoding("UTF-8");
    text.setCacheable(true);
    text.setOrder(1);
    engine.addTemplateResolver(text);
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(SurveyTemplates.class.getClassLoader());
    resolver.setOrder(2);
    resolver.setPrefix("templates/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    engine.addTemplateResolver(resolver);
    engine.setTemplateEngineMessageSource(new BundleMessages());
    engine.setEnableSpringELCompiler(true);
  }

  /** The HTML template {@code name} ({@code templates/<name>.html}) in {@code language}, with these variables. */
  String render(String name, String language, Map<String, ?> variables) {
    return engine.process(name, context(language, variables)).strip();
  }

  /**
   * The text template {@code name} ({@code templates/<name>}, ending in {@code .txt}: Thymeleaf's
   * TEXT mode, nothing escaped), exactly as written, line ends included.
   */
  String renderText(String name, String language, Map<String, ?> variables) {
    return engine.process(name, context(language, variables));
  }

  private static Context context(String language, Map<String, ?> variables) {
    Context context = new Context(Texts.locale(language));
    context.setVariables(new HashMap<>(variables)); // values may be null (a text the survey leaves out)
    context.setVariable("lang", language);
    return context;
  }

  /** The survey bundles as a {@link MessageSource}: the locale's language picks the bundle. */
  private static final class BundleMessages implements MessageSource {

    @Override
    public String getMessage(String code, Object[] args, String defaultMessage, Locale locale) {
      try {
        return getMessage(code, args, locale);
      } catch (NoSuchMessageException e) {
        return defaultMessage;
      }
    }

    @Override
    public String getMessage(String code, Object[] args, Locale locale) {
      String text;
      try {
        text = SurveyTexts.get(locale == null ? "en" : locale.toLanguageTag(), code);
      } catch (IllegalArgumentException e) {
        throw new NoSuchMessageException(code, locale);
      }
      return args == null || args.length == 0 ? text : new MessageFormat(text.replace("'", "''"), locale).format(args);
    }

    @Override
    public String getMessage(MessageSourceResolvable resolvable, Locale locale) {
      for (String code : resolvable.getCodes() == null ? new String[0] : resolvable.getCodes()) {
        String text = getMessage(code, resolvable.getArguments(), null, locale);
        if (text != null) {
          return text;
        }
      }
      if (resolvable.getDefaultMessage() != null) {
        return resolvable.getDefaultMessage();
      }
      throw new NoSuchMessageException(resolvable.getCodes() == null ? "" : resolvable.getCodes()[0], locale);
    }
  }
}
