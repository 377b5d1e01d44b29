package dev.pulse.processes;

import dev.pulse.platform.web.StrictJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * What the engine can store as a variable: JSON whose numbers fit a 64-bit integer or a finite
 * double. Anything else is refused up front with the path of the value, instead of by the engine
 * with an opaque RPC error.
 */
final class ProcessVariables {

  private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

  private ProcessVariables() {}

  /** Throws a 400 naming the first value the engine could not store; {@code path} prefixes the names. */
  static void requireEncodable(String path, Object value) {
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        requireEncodable(path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey(), e.getValue());
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        requireEncodable(path + "[" + i + "]", list.get(i));
      }
    } else if (value instanceof BigInteger big && (big.compareTo(MIN_LONG) < 0 || big.compareTo(MAX_LONG) > 0)) {
      throw StrictJson.invalidField(path, "is a number out of range (a variable's integers are 64-bit)");
    } else if (value instanceof BigDecimal decimal && !Double.isFinite(decimal.doubleValue())) {
      throw StrictJson.invalidField(path, "is a number out of range");
    } else if (value instanceof Double d && !Double.isFinite(d)) {
      throw StrictJson.invalidField(path, "is a number out of range");
    } else if (value instanceof Float f && !Float.isFinite(f)) {
      throw StrictJson.invalidField(path, "is a number out of range");
    }
  }
}
