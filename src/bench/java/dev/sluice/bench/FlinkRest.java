package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST API of an embedded Flink mini-cluster inside a child JVM. Its port is free-chosen
 * (rest.bind-port 0), so it is found among the ports that process listens on ({@code ss -ltnp}).
 */
final class FlinkRest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private String base;

  /** Back pressure of the busiest vertex: its name and Flink's level (ok, low, high) and ratio. */
  record Pressure(String vertex, String level, double ratio) {
    static final Pressure UNKNOWN = new Pressure("-", "unknown", Double.NaN);
  }

  /** Finds the REST endpoint of the mini-cluster in process {@code pid}; false if there is none (yet). */
  boolean find(long pid) {
    if (base != null) {
      return true;
    }
    for (int port : listeningPorts(pid)) {
      try {
        JsonNode config = get("http://127.0.0.1:" + port + "/config");
        if (config.has("flink-version")) {
          base = "http://127.0.0.1:" + port;
          return true;
        }
      } catch (IOException | RuntimeException e) {
        // Not Flink's REST port (Kafka client sockets and the like do not listen, but be safe).
      }
    }
    return false;
  }

  String address() {
    return base;
  }

  /** The most back-pressured vertex of the running job. */
  Pressure pressure() {
    try {
      JsonNode jobs = get(base + "/jobs").path("jobs");
      for (JsonNode job : jobs) {
        if (!"RUNNING".equals(job.path("status").asText())) {
          continue;
        }
        String id = job.path("id").asText();
        Pressure worst = null;
        for (JsonNode v : get(base + "/jobs/" + id).path("vertices")) {
          JsonNode bp = get(base + "/jobs/" + id + "/vertices/" + v.path("id").asText() + "/backpressure");
          double ratio = 0;
          for (JsonNode s : bp.path("subtasks")) {
            ratio = Math.max(ratio, s.path("ratio").asDouble());
          }
          if (worst == null || ratio > worst.ratio()) {
            worst = new Pressure(shortName(v.path("name").asText()), bp.path("backpressureLevel").asText("?"), ratio);
          }
        }
        return worst == null ? Pressure.UNKNOWN : worst;
      }
    } catch (IOException | RuntimeException e) {
      // The job may be between states; report unknown rather than fail the scenario.
    }
    return Pressure.UNKNOWN;
  }

  private static String shortName(String name) {
    String first = name.split("\n")[0];
    return first.length() > 60 ? first.substring(0, 57) + "..." : first;
  }

  private JsonNode get(String url) throws IOException {
    try {
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return JSON.readTree(r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static List<Integer> listeningPorts(long pid) {
    List<Integer> ports = new ArrayList<>();
    try {
      Process ss = new ProcessBuilder("ss", "-ltnpH").redirectErrorStream(true).start();
      String text = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Pattern line = Pattern.compile("\\S+:(\\d+)\\s+\\S+\\s+users:\\(.*pid=" + pid + ",");
      for (String l : text.split("\n")) {
        Matcher m = line.matcher(l);
        if (m.find()) {
          ports.add(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException e) {
      // No ss: no REST figures.
    }
    return ports;
  }
}
