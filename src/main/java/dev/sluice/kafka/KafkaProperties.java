package dev.sluice.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses repeated {@code --kafkaProperty key=value} flags. Beam splits list options on commas, so a
 * piece without '=' is glued back to the previous value (e.g. {@code
 * ssl.enabled.protocols=TLSv1.2,TLSv1.3}).
 */
public final class KafkaProperties {

  private KafkaProperties() {}

  public static Map<String, Object> parse(List<String> entries) {
    Map<String, Object> props = new LinkedHashMap<>();
    if (entries == null) {
      return props;
    }
    String lastKey = null;
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq < 0 && lastKey != null) {
        props.put(lastKey, props.get(lastKey) + "," + entry);
        continue;
      }
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "--kafkaProperty expects key=value, got '" + entry + "'");
      }
      lastKey = entry.substring(0, eq).trim();
      props.put(lastKey, entry.substring(eq + 1));
    }
    return props;
  }
}
