package dev.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST API of an embedded Flink mini-cluster inside a child JVM, through the CLI's client. Its
 * port is free-chosen (rest.bind-port 0), so it is found among the ports that process listens on
 * ({@code ss -ltnp}).
 */
final class FlinkRest {

  private dev.sluice.cluster.FlinkRest rest;

  /** Back pressure of the busiest vertex: its name and Flink's level (ok, low, high) and ratio. */
  record Pressure(String vertex, String level, double ratio) {
    static final Pressure UNKNOWN = new Pressure("-", "unknown", Double.NaN);
  }

  /**
   * Finds the REST endpoint of the mini-cluster in process {@code pid}; false if there is none
   * (yet).
   */
  boolean find(long pid) {
    if (rest != null) {
      return true;
    }
    for (int port : listeningPorts(pid)) {
      dev.sluice.cluster.FlinkRest candidate =
          new dev.sluice.cluster.FlinkRest("127.0.0.1:" + port);
      try {
        if (!candidate.overview().flinkVersion().isEmpty()) {
          rest = candidate;
          return true;
        }
      } catch (RuntimeException e) {
        // Not Flink's REST port (Kafka client sockets and the like do not listen, but be safe).
      }
    }
    return false;
  }

  String address() {
    return rest == null ? null : rest.baseUrl();
  }

  /** The most back-pressured vertex of the running job. */
  Pressure pressure() {
    try {
      for (var job : rest.jobs()) {
        if (!"RUNNING".equals(job.state())) {
          continue;
        }
        Pressure worst = null;
        for (var v : rest.job(job.id()).orElseThrow().vertices()) {
          var bp = rest.backpressureOf(job.id(), v.id());
          double ratio = Double.isNaN(bp.maxRatio()) ? 0 : bp.maxRatio();
          if (worst == null || ratio > worst.ratio()) {
            worst = new Pressure(shortName(v.name()), bp.level(), ratio);
          }
        }
        return worst == null ? Pressure.UNKNOWN : worst;
      }
    } catch (RuntimeException e) {
      // The job may be between states; report unknown rather than fail the scenario.
    }
    return Pressure.UNKNOWN;
  }

  private static String shortName(String name) {
    String first = name.split("\n")[0];
    return first.length() > 60 ? first.substring(0, 57) + "..." : first;
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
