package dev.sluice.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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

  /** Kafka's own placeholder for a hidden value. */
  public static final String HIDDEN = "[hidden]";

  private KafkaProperties() {}

  /**
   * Keys whose values are secrets: SASL JAAS config, passwords, secrets, private keys, basic-auth
   * user info, credentials and tokens. Broad on purpose: hiding a harmless value costs nothing.
   */
  public static boolean isSecret(String key) {
    String k = key.trim().toLowerCase(java.util.Locale.ROOT);
    return k.equals("sasl.jaas.config")
        || k.contains("password")
        || k.contains("secret")
        || k.startsWith("ssl.key")
        || k.equals("basic.auth.user.info")
        || k.contains("credential")
        || k.contains("token")
        || k.endsWith(".jaas.config");
  }

  /** The properties with every secret value replaced by {@value #HIDDEN}, for printing. */
  public static Map<String, Object> redacted(Map<String, ?> props) {
    Map<String, Object> out = new LinkedHashMap<>();
    props.forEach((k, v) -> out.put(k, isSecret(k) ? HIDDEN : v));
    return out;
  }

  /**
   * Command-line arguments with the values of secret Kafka properties hidden, in either spelling:
   * {@code --kafkaProperty=KEY=VALUE} or {@code --kafkaProperty KEY=VALUE}.
   */
  public static List<String> redactedArgs(List<String> args) {
    List<String> out = new java.util.ArrayList<>();
    boolean valueNext = false;
    for (String arg : args) {
      if (arg.startsWith("--kafkaProperty=")) {
        out.add("--kafkaProperty=" + redactEntry(arg.substring("--kafkaProperty=".length())));
      } else if (valueNext) {
        out.add(redactEntry(arg));
      } else {
        out.add(arg);
      }
      valueNext = arg.equals("--kafkaProperty");
    }
    return out;
  }

  /** True if any argument sets a secret Kafka property on the command line (visible in ps). */
  public static boolean hasSecretArgs(List<String> args) {
    return !redactedArgs(args).equals(args);
  }

  private static String redactEntry(String entry) {
    int eq = entry.indexOf('=');
    return eq > 0 && isSecret(entry.substring(0, eq)) ? entry.substring(0, eq + 1) + HIDDEN : entry;
  }

  /**
   * Reads a Kafka client properties file (as Kafka's {@code --command-config} takes), so secrets
   * stay out of the command line, {@code ps} and the options Beam records.
   */
  public static Map<String, Object> load(String file) {
    Properties p = new Properties();
    try (java.io.Reader r =
        java.nio.file.Files.newBufferedReader(
            java.nio.file.Path.of(file), java.nio.charset.StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "--kafkaPropertiesFile " + file + " cannot be read: " + e, e);
    }
    Map<String, Object> props = new LinkedHashMap<>();
    p.stringPropertyNames().stream().sorted().forEach(k -> props.put(k, p.getProperty(k)));
    return props;
  }

  /** The file's properties (if a file is given), then the flags, which win. */
  public static Map<String, Object> of(String file, List<String> entries) {
    Map<String, Object> props = file == null || file.isBlank() ? new LinkedHashMap<>() : load(file);
    props.putAll(parse(entries));
    return props;
  }

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
