package dev.pulse.platform.web;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The OpenAPI document says every status an operation answers, with its body. springdoc sees only
 * a method's return type (a 200); the rest is added here once, for every operation:
 *
 * <ul>
 *   <li>the success statuses an operation declares with {@link Answers} (201 created, 202
 *       accepted, 204 no content), in place of the 200 it does not answer;
 *   <li>the refusals, each as {@code application/problem+json} with the {@code Problem} schema:
 *       400 (malformed or invalid, naming the field) always; 401 and 403 unless the operation is
 *       public; 404 when the path names a record; 409 for changes; 415 when it takes a body; 429
 *       for the public, rate-limited ones; 503 with {@code Retry-After} (the engine's
 *       back-pressure) always.
 * </ul>
 *
 * {@code ApiFuzz} (run by {@code PackagedJarIT}) checks the document against what the server
 * actually answers.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentation {

  /** The success statuses an operation answers (instead of springdoc's default 200). */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  public @interface Answers {
    int[] value();
  }

  /** Refusals an operation answers beyond those every operation of its kind does (a 404 for an id in the body). */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  public @interface Refuses {
    int[] value();
  }

  private static final String PROBLEM = "Problem";
  private static final Map<Integer, String> SUCCESS = Map.of(
      200, "OK", 201, "Created", 202, "Accepted: the work goes on in the background", 204, "Done; no content");

  @Bean
  OperationCustomizer documentedStatuses() {
    return (operation, handler) -> {
      ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
      Answers answers = handler.getMethodAnnotation(Answers.class);
      if (answers != null) {
        ApiResponse ok = responses.get("200");
        Content content = ok == null ? null : ok.getContent();
        for (int code : answers.value()) {
          responses.addApiResponse(String.valueOf(code), new ApiResponse()
              .description(SUCCESS.getOrDefault(code, "Success"))
              .content(code == 204 ? null : content));
        }
        if (Arrays.stream(answers.value()).noneMatch(c -> c == 200)) {
          responses.remove("200");
        }
      }
      RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
      List<String> paths = mapping == null ? List.of() : List.of(mapping.path().length > 0 ? mapping.path() : mapping.value());
      boolean isPublic = paths.stream().anyMatch(p -> p.startsWith("/r/") || p.startsWith("/u/") || p.startsWith("/api/targeting/") || p.startsWith("/api/widget/")
          || p.equals("/api/responses"));
      boolean change = mapping != null && Arrays.stream(mapping.method()).anyMatch(m -> !m.name().equals("GET"));
      boolean pathNamesRecord = operation.getParameters() != null && operation.getParameters().stream().anyMatch(p -> "path".equals(p.getIn()));
      problem(responses, 400, "Malformed or invalid: the problem says which field or parameter, and why");
      if (!isPublic) {
        problem(responses, 401, "No valid credentials (an API key as a Bearer token, or your identity provider's token)");
        problem(responses, 403, "Your roles (or, for an agent, your inboxes) do not allow this");
      }
      if (pathNamesRecord) {
        problem(responses, 404, "Nothing with this id");
      }
      if (change) {
        problem(responses, 409, "Conflicts with the current state (e.g. closed, already done, the last admin key)");
      }
      if (operation.getRequestBody() != null) {
        problem(responses, 415, "The body is not of a type this operation takes");
      }
      if (isPublic) {
        problem(responses, 429, "Too many requests from this client; retry after the Retry-After seconds");
        if (operation.getRequestBody() != null) {
          problem(responses, 413, "The body is larger than a public endpoint takes (16 KB)");
        }
      }
      Refuses refuses = handler.getMethodAnnotation(Refuses.class);
      if (refuses != null) {
        for (int status : refuses.value()) {
          problem(responses, status, status == 404 ? "A record the body names does not exist" : "Refused");
        }
      }
      problem(responses, 503, "The workflow engine is busy (back-pressure); nothing was done, send it again after Retry-After seconds");
      responses.get("503").addHeaderObject("Retry-After", new Header().description("Seconds to wait").schema(new IntegerSchema()));
      operation.setResponses(responses);
      return operation;
    };
  }

  private static void problem(ApiResponses responses, int status, String description) {
    if (responses.containsKey(String.valueOf(status))) {
      return;
    }
    responses.addApiResponse(String.valueOf(status), new ApiResponse()
        .description(description)
        .content(new Content().addMediaType("application/problem+json", new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
  }

  /** RFC 9457 problem details, with the field (or list of field errors) Pulse names. */
  @Bean
  OpenApiCustomizer problemSchema() {
    return api -> {
      Schema<?> fieldError = new ObjectSchema()
          .addProperty("field", new StringSchema())
          .addProperty("message", new StringSchema());
      api.getComponents().addSchemas(PROBLEM, new ObjectSchema()
          .description("RFC 9457 problem details")
          .addProperty("type", new StringSchema().format("uri"))
          .addProperty("title", new StringSchema())
          .addProperty("status", new IntegerSchema())
          .addProperty("detail", new StringSchema())
          .addProperty("instance", new StringSchema())
          .addProperty("field", new StringSchema().description("the field or parameter at fault, when one is"))
          .addProperty("errors", new ArraySchema().items(fieldError))
          .required(List.of("title", "status")));
    };
  }
}
