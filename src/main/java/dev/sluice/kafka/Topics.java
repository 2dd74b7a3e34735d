package dev.sluice.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Small admin helpers with one-line errors, shared by the CLI, the demo and the tests. */
public final class Topics {

  /** How long an admin call may take before we blame the connection rather than the broker. */
  private static final long TIMEOUT_SECONDS = 10;

  private Topics() {}

  /**
   * Creates a topic. Returns true if it was created, false if it already existed with the same
   * partition count; an existing topic with another count is an error, never silently reused.
   */
  public static boolean create(
      Map<String, Object> clientProps,
      String name,
      int partitions,
      Map<String, String> topicConfigs) {
    try (Admin admin = admin(clientProps)) {
      NewTopic topic = new NewTopic(name, Optional.of(partitions), Optional.empty());
      topic.configs(new HashMap<>(topicConfigs));
      try {
        await(admin.createTopics(List.of(topic)).all(), clientProps);
        awaitListed(admin, name, clientProps);
        return true;
      } catch (TopicExistsException e) {
        int existing = describe(admin, name, clientProps).partitions().size();
        if (existing != partitions) {
          throw new IllegalStateException(
              "topic "
                  + name
                  + " already exists with "
                  + existing
                  + " partitions, not "
                  + partitions);
        }
        return false;
      }
    }
  }

  /**
   * A created topic reaches the broker's metadata a moment after the controller says it exists; a
   * check right after ({@link #requireExisting}, in another client) could still miss it.
   */
  private static void awaitListed(Admin admin, String name, Map<String, Object> clientProps) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!await(admin.listTopics().names(), clientProps).contains(name)
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Names of the non-internal topics, sorted. */
  public static Set<String> list(Map<String, Object> clientProps) {
    try (Admin admin = admin(clientProps)) {
      return new TreeSet<>(await(admin.listTopics().names(), clientProps));
    }
  }

  /** The topic's max.message.bytes (its own or the broker's default). */
  public static int maxMessageBytes(Map<String, Object> clientProps, String name) {
    try (Admin admin = admin(clientProps)) {
      org.apache.kafka.common.config.ConfigResource topic =
          new org.apache.kafka.common.config.ConfigResource(
              org.apache.kafka.common.config.ConfigResource.Type.TOPIC, name);
      org.apache.kafka.clients.admin.Config config =
          await(admin.describeConfigs(List.of(topic)).all(), clientProps).get(topic);
      return Integer.parseInt(config.get("max.message.bytes").value());
    }
  }

  /** Partition count of an existing topic; a missing topic is a one-line error. */
  public static int partitions(Map<String, Object> clientProps, String name) {
    try (Admin admin = admin(clientProps)) {
      return describe(admin, name, clientProps).partitions().size();
    }
  }

  /**
   * Fails in seconds, in one line, when the broker does not answer or any of {@code names} does not
   * exist; a pipeline checks its inputs and outputs this way before it starts, where a missing
   * output topic would otherwise surface as a producer timeout a minute into the run.
   */
  public static void requireExisting(Map<String, Object> clientProps, Collection<String> names) {
    Set<String> wanted = new TreeSet<>(names);
    wanted.remove("");
    if (wanted.isEmpty()) {
      return;
    }
    try (Admin admin = admin(clientProps)) {
      Set<String> missing = new TreeSet<>(wanted);
      missing.removeAll(await(admin.listTopics().names(), clientProps));
      if (!missing.isEmpty()) {
        List<String> fixes = new java.util.ArrayList<>();
        missing.forEach(t -> fixes.add("'sluice topics create " + t + " --partitions N'"));
        throw new IllegalStateException(
            (missing.size() == 1 ? "topic " : "topics ")
                + String.join(", ", missing)
                + (missing.size() == 1 ? " does not exist" : " do not exist")
                + " at "
                + clientProps.get("bootstrap.servers")
                + " (create with "
                + String.join(", ", fixes)
                + ")");
      }
    }
  }

  static Admin admin(Map<String, Object> clientProps) {
    requireListening(String.valueOf(clientProps.get("bootstrap.servers")), clientProps);
    Map<String, Object> props = new HashMap<>(clientProps);
    // Fail within seconds when nothing listens, instead of the client's default minute.
    props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    props.putIfAbsent(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_SECONDS * 1000);
    return Admin.create(props);
  }

  /** Whether any of {@code servers} accepts a TCP connection within two seconds. */
  public static boolean listening(String servers) {
    try {
      requireListening(servers, Map.of("bootstrap.servers", servers));
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /**
   * The usual mistake is a broker that is not running; a plain TCP connect says so in a second,
   * where the admin client would retry until its timeout.
   */
  private static void requireListening(String servers, Map<String, Object> clientProps) {
    for (String server : servers.split(",")) {
      int colon = server.lastIndexOf(':');
      if (colon < 0) {
        return; // let the client report the malformed address
      }
      try (Socket socket = new Socket()) {
        String host = server.substring(0, colon).trim().replace("[", "").replace("]", "");
        socket.connect(
            new InetSocketAddress(host, Integer.parseInt(server.substring(colon + 1).trim())),
            2_000);
        return;
      } catch (IOException | RuntimeException e) {
        // try the next bootstrap server
      }
    }
    throw unreachable(clientProps);
  }

  private static TopicDescription describe(
      Admin admin, String name, Map<String, Object> clientProps) {
    try {
      return await(admin.describeTopics(List.of(name)).allTopicNames(), clientProps).get(name);
    } catch (UnknownTopicOrPartitionException e) {
      throw new IllegalStateException(
          "topic "
              + name
              + " does not exist (create it with 'sluice topics create "
              + name
              + " --partitions N')");
    }
  }

  /** Waits for an admin future; unwraps Kafka's errors so callers can catch the specific one. */
  static <T> T await(KafkaFuture<T> future, Map<String, Object> clientProps) {
    try {
      return future.get(TIMEOUT_SECONDS + 5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable(clientProps);
      }
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw unreachable(clientProps);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static IllegalStateException unreachable(Map<String, Object> clientProps) {
    return new IllegalStateException(
        "no Kafka answers at "
            + clientProps.get("bootstrap.servers")
            + " (is it running? try 'sluice kafka status')");
  }
}
