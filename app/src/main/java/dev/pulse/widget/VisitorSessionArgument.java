package dev.pulse.widget;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A widget endpoint's {@link VisitorSessions.Session} parameter: the visitor of the session whose
 * token the request carries in {@code X-Pulse-Visitor}, or a 401. Declared before the body, it is
 * checked before the body is read, so a caller without a session hears 401 whatever it sent.
 */
@Configuration(proxyBeanMethods = false)
class VisitorSessionArgument implements WebMvcConfigurer, HandlerMethodArgumentResolver {

  private final VisitorSessions sessions;

  VisitorSessionArgument(VisitorSessions sessions) {
    this.sessions = sessions;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(this);
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == VisitorSessions.Session.class;
  }

  @Override
  public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request, WebDataBinderFactory binders) {
    Object site = request.getAttribute(WidgetSites.Site.class.getName(), NativeWebRequest.SCOPE_REQUEST);
    if (site == null) {
      throw new IllegalStateException("the widget's origin filter did not run");
    }
    return WidgetController.visitor(sessions, (WidgetSites.Site) site, request.getHeader(WidgetController.VISITOR_HEADER));
  }
}
