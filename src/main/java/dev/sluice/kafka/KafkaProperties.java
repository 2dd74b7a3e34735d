package dev.sluice.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Parses repeated {@code --kafkaProperty key=value} flags. Beam splits list options on commas, so a
 * piece without '=' is glued back to the previous value, but only when that property may hold a
 * comma (a Kafka list or password, e.g. {@code ssl.enabled.protocols=TLSv1.2,TLSv1.3}); anywhere
 * else it is a mistyped flag and rejected.
 */
public final class KafkaProperties {

  /** Properties whose value may contain commas, from Kafka's own client config definitions. */
  private static final Set<String> COMMA_VALUED =
      Stream.of(
              ConsumerConfig.configDef(), ProducerConfig.configDef(), AdminClientConfig.configDef())
          .flatMap(def -> def.configKeys().values().stream())
          .filter(k -> k.type == ConfigDef.Type.LIST || k.type == ConfigDef.Type.PASSWORD)
          .map(k -> k.name)
          .collect(Collectors.toUnmodifiableSet());

  private KafkaProperties() {}

  public static Map<String, Object> parse(List<String> entries) {
    Map<String, Object> props = new LinkedHashMap<>();
    if (entries == null) {
      return props;
    }
    String lastKey = null;
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq < 0 && lastKey != null && COMMA_VALUED.contains(lastKey)) {
        props.put(lastKey, props.get(lastKey) + "," + entry);
        continue;
      }
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "--kafkaProperty expects key=value, got '"
                + entry
                + "'"
                + (lastKey == null ? "" : " (after " + lastKey + ", which takes no list)"));
      }
      lastKey = entry.substring(0, eq).trim();
      props.put(lastKey, entry.substring(eq + 1));
    }
    return props;
  }
}
