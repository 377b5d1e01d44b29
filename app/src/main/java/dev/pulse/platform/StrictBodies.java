package dev.pulse.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.platform.web.StrictJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Typed request bodies ({@link StrictBody} records) keep the strict reading the endpoints had when
 * they took a JSON tree: before Spring binds the body, it is read as a tree and checked with
 * {@link StrictJson#read} (an unknown field, a wrong type, a failed constraint: one 400 naming the
 * field; a body that is not an object: 400) and for the NUL character. Malformed JSON goes on to the
 * converter, whose problem says the line and column, as before.
 */
@ControllerAdvice
class StrictBodies extends RequestBodyAdviceAdapter {

  private final StrictJson strict;
  private final ObjectMapper json;

  StrictBodies(StrictJson strict, ObjectMapper json) {
    this.strict = strict;
    this.json = json;
  }

  @Override
  public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
    return targetType instanceof Class<?> type && type.isAnnotationPresent(StrictBody.class)
        && AbstractJackson2HttpMessageConverter.class.isAssignableFrom(converterType);
  }

  @Override
  public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
    byte[] bytes = input.getBody().readAllBytes();
    JsonNode tree;
    try {
      tree = json.readTree(bytes);
    } catch (JsonProcessingException malformed) {
      return replay(input, bytes); // the converter fails on it and says where
    }
    if (tree == null || tree.isMissingNode() || (tree.isNull() && !parameter.getParameterAnnotation(org.springframework.web.bind.annotation.RequestBody.class).required())) {
      return replay(input, bytes);
    }
    String nul = nulAt(tree, "");
    if (nul != null) {
      throw StrictJson.invalidField(nul.isEmpty() ? "(body)" : nul, "may not contain the NUL character (U+0000)");
    }
    strict.read(tree, (Class<?>) targetType);
    return replay(input, bytes);
  }

  private static HttpInputMessage replay(HttpInputMessage input, byte[] bytes) {
    return new HttpInputMessage() {
      @Override
      public InputStream getBody() {
        return new ByteArrayInputStream(bytes);
      }

      @Override
      public HttpHeaders getHeaders() {
        return input.getHeaders();
      }
    };
  }

  /** The path of the first text (or name) holding NUL, or null. */
  private static String nulAt(JsonNode node, String path) {
    if (node.isTextual()) {
      return node.textValue().indexOf('\u0000') >= 0 ? path : null;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = nulAt(node.get(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (field.getKey().indexOf('\u0000') >= 0) {
          return at;
        }
        String found = nulAt(field.getValue(), at);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
