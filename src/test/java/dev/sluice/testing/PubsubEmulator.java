package dev.sluice.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Google's Pub/Sub emulator as a child process on 127.0.0.1, driven over its REST API. The emulator
 * is the jar of the Debian package {@code google-cloud-cli-pubsub-emulator}, which this machine
 * kind carries under {@code /usr/lib/google-cloud-sdk} (none of the project's registries serves
 * it); {@code SLUICE_PUBSUB_EMULATOR_JAR} points elsewhere.
 */
public final class PubsubEmulator implements AutoCloseable {

  static final Path SDK_LIB = Path.of("/usr/lib/google-cloud-sdk/platform/pubsub-emulator/lib");

  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private PubsubEmulator(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The emulator's jar, or a one-line error naming what to install. */
  public static Path jar() {
    String env = System.getenv("SLUICE_PUBSUB_EMULATOR_JAR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    try (Stream<Path> files = Files.list(SDK_LIB)) {
      return files
          .filter(p -> p.getFileName().toString().matches("cloud-pubsub-emulator-.*\\.jar"))
          .findFirst()
          .orElseThrow();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "no Pub/Sub emulator under "
              + SDK_LIB
              + ": install the Debian package google-cloud-cli-pubsub-emulator"
              + " or set SLUICE_PUBSUB_EMULATOR_JAR");
    }
  }

  public static PubsubEmulator start(Path logFile) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                jar().toString(),
                "com.google.cloud.pubsub.testing.v1.Main",
                "--host=127.0.0.1",
                "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    PubsubEmulator emulator = new PubsubEmulator(p, port);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!Files.readString(logFile).contains("Server started")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        emulator.close();
        throw new IllegalStateException("emulator did not start: " + Files.readString(logFile));
      }
      Thread.sleep(200);
    }
    return emulator;
  }

  /** What {@code --pubsubRootUrl} takes. */
  public String rootUrl() {
    return "http://127.0.0.1:" + port;
  }

  public void createTopic(String topicPath) throws Exception {
    call("PUT", topicPath, "{}");
  }

  public void createSubscription(String subscriptionPath, String topicPath) throws Exception {
    call("PUT", subscriptionPath, "{\"topic\":\"" + topicPath + "\",\"ackDeadlineSeconds\":60}");
  }

  /** One message to publish: its payload and attributes. */
  public record Message(byte[] data, Map<String, String> attributes) {}

  /** Publishes one message with these attributes. */
  public void publish(String topicPath, byte[] data, Map<String, String> attributes)
      throws Exception {
    publishAll(topicPath, List.of(new Message(data, attributes)));
  }

  /** Publishes the messages in order, a few hundred per request. */
  public void publishAll(String topicPath, List<Message> messages) throws Exception {
    for (int from = 0; from < messages.size(); from += 500) {
      String batch =
          messages.subList(from, Math.min(messages.size(), from + 500)).stream()
              .map(PubsubEmulator::json)
              .collect(Collectors.joining(","));
      call("POST", topicPath + ":publish", "{\"messages\":[" + batch + "]}");
    }
  }

  private static String json(Message m) {
    String attrs =
        m.attributes().entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
            .collect(Collectors.joining(",", "{", "}"));
    return "{\"data\":\""
        + Base64.getEncoder().encodeToString(m.data())
        + "\",\"attributes\":"
        + attrs
        + "}";
  }

  private void call(String method, String path, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(rootUrl() + "/v1/" + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
