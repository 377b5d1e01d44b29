package dev.pulse.platform.web;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * What a request body may hold, decided once for every endpoint and Kafka consumer that reads
 * JSON with the application's mapper: a number is a number ({@code "5"} and {@code 3.7} are not an
 * integer 5 and 3) and a text is a text ({@code 3.7} is not {@code "3.7"}), a list holds no nulls, and no text holds the NUL character (PostgreSQL cannot
 * store it: it used to surface as a 500 after part of a request had been applied). Each refusal is
 * a 400 naming the field.
 */
@Configuration(proxyBeanMethods = false)
public class StrictInput {

  static final char NUL = '\u0000';

  @Bean
  Jackson2ObjectMapperBuilderCustomizer strictJsonInput() {
    return builder -> builder.postConfigurer(mapper -> {
      for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
        mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
      }
      mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
      // and a text is a text: {"email": 3.7} is not the email "3.7"
      for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
      }
      for (Class<?> collection : List.of(List.class, Set.class, Collection.class)) {
        mapper.configOverride(collection).setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
      }
      mapper.registerModule(new SimpleModule("pulse-strict-input").addDeserializer(String.class, new NoNulString()));
    });
  }

  /** Text as usual, unless it holds NUL. */
  static final class NoNulString extends StringDeserializer {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String value = super.deserialize(p, ctxt);
      if (value != null && value.indexOf(NUL) >= 0) {
        throw InvalidFormatException.from(p, "text may not contain the NUL character (U+0000)", value, String.class);
      }
      return value;
    }
  }

  /**
   * Bodies read as a tree or as plain maps do not pass through the String deserializer: their
   * texts (and names) are checked here, and the first with NUL is refused with its path.
   */
  @ControllerAdvice
  static class TreeBodies extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
      return true;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
      String path = nulAt(body, "");
      if (path != null) {
        throw StrictJson.invalidField(path.isEmpty() ? "(body)" : path, "may not contain the NUL character (U+0000)");
      }
      return body;
    }

    /** The path of the first text (or name) holding NUL, or null. */
    static String nulAt(Object value, String path) {
      if (value instanceof JsonNode node) {
        if (node.isTextual()) {
          return node.textValue().indexOf(NUL) >= 0 ? path : null;
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
            if (field.getKey().indexOf(NUL) >= 0) {
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
      if (value instanceof CharSequence text) {
        return text.toString().indexOf(NUL) >= 0 ? path : null;
      }
      if (value instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          String at = path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey();
          if (String.valueOf(e.getKey()).indexOf(NUL) >= 0) {
            return at;
          }
          String found = nulAt(e.getValue(), at);
          if (found != null) {
            return found;
          }
        }
        return null;
      }
      if (value instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          String found = nulAt(list.get(i), path + "[" + i + "]");
          if (found != null) {
            return found;
          }
        }
        return null;
      }
      if (value instanceof Record record) {
        for (var component : record.getClass().getRecordComponents()) {
          try {
            component.getAccessor().setAccessible(true);
            String found = nulAt(component.getAccessor().invoke(record), path.isEmpty() ? component.getName() : path + "." + component.getName());
            if (found != null) {
              return found;
            }
          } catch (ReflectiveOperationException e) {
            return null;
          }
        }
      }
      return null;
    }
  }
}
