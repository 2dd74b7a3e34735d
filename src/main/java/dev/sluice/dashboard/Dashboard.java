package dev.sluice.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.kit.Chart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code sluice dashboard}'s web page: one pipeline's charts, drawn in the browser by ECharts
 * (bundled from npm into the jar, so the page works offline), fed by {@code /api/state}, which the
 * page polls each second. The JDK's own HTTP server: one page and one JSON document need no
 * framework, and it brings no dependency to clash with the runners'.
 */
public final class Dashboard implements AutoCloseable {

  /** Points one chart keeps (the newest); lag samples kept per partition (one a second). */
  static final int MAX_POINTS = 5_000;

  static final int LAG_SAMPLES = 600;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "png", "image/png");

  private final String pipeline;
  private final List<ChartData> charts = new ArrayList<>();
  private final ResultFeed feed;
  private final MetricsHistory metrics;
  private final HttpServer server;
  private final ScheduledExecutorService scraper;
  private final AtomicLong updates = new AtomicLong();

  private Dashboard(
      String pipeline,
      List<Chart> declared,
      Map<String, Object> kafka,
      RunMetrics.Source source,
      InetSocketAddress address)
      throws IOException, InterruptedException {
    this.pipeline = pipeline;
    declared.forEach(c -> charts.add(new ChartData(c, MAX_POINTS)));
    this.feed = new ResultFeed(kafka, charts).start();
    this.metrics = source == null ? null : new MetricsHistory(source, LAG_SAMPLES);
    try {
      this.server = HttpServer.create(address, 16);
    } catch (BindException e) {
      feed.close();
      throw new IllegalStateException(
          address.getHostString()
              + ":"
              + address.getPort()
              + " is in use: pick another with --port");
    }
    server.createContext("/api/state", this::state);
    server.createContext("/", this::asset);
    server.setExecutor(Executors.newFixedThreadPool(2, daemon("sluice-dashboard-http")));
    server.start();
    scraper = Executors.newSingleThreadScheduledExecutor(daemon("sluice-dashboard-metrics"));
    if (metrics != null) {
      scraper.scheduleWithFixedDelay(
          () -> metrics.scrape(System.currentTimeMillis()), 0, 1, TimeUnit.SECONDS);
    }
  }

  /**
   * Starts reading the charts' topics and serving the page; fails in one line when the broker does
   * not answer or the port is taken.
   *
   * @param source the run's metrics endpoint, or null when the run serves none
   */
  public static Dashboard start(
      String pipeline,
      List<Chart> charts,
      Map<String, Object> kafka,
      RunMetrics.Source source,
      String host,
      int port)
      throws IOException {
    try {
      return new Dashboard(pipeline, charts, kafka, source, new InetSocketAddress(host, port));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  public String address() {
    return "http://"
        + server.getAddress().getHostString()
        + ":"
        + server.getAddress().getPort()
        + "/";
  }

  public long recordsRead() {
    return feed.records();
  }

  /** Times the page asked for the state. */
  public long updatesServed() {
    return updates.get();
  }

  public int charts() {
    return charts.size();
  }

  /** Each chart's title and the results it holds, in page order. */
  public Map<String, Integer> resultsByChart() {
    Map<String, Integer> out = new java.util.LinkedHashMap<>();
    charts.forEach(c -> out.merge(c.chart().title(), c.size(), Integer::sum));
    return out;
  }

  /**
   * Waits until reading pauses for a second (the topics read up to their end, for a finished run),
   * or {@code max}; what a caller that prints the charts' contents waits for.
   */
  public void awaitQuiet(java.time.Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    long seen = -1;
    while (System.nanoTime() < deadline) {
      long now = feed.records();
      if (now == seen && now > 0) {
        return;
      }
      seen = now;
      Thread.sleep(1_000);
    }
  }

  /** The state document the page draws (also what a test may read). */
  public ObjectNode state() {
    ObjectNode out = JSON.createObjectNode();
    out.put("pipeline", pipeline);
    out.put("records", feed.records());
    out.put("unreadable", feed.unreadable());
    ArrayNode waiting = out.putArray("waitingFor");
    feed.waitingFor().forEach(waiting::add);
    ArrayNode list = out.putArray("charts");
    for (int i = 0; i < charts.size(); i++) {
      list.add(charts.get(i).render("chart-" + i));
    }
    if (metrics != null) {
      out.set("metrics", metrics.render());
    }
    return out;
  }

  private void state(HttpExchange exchange) throws IOException {
    updates.incrementAndGet();
    send(exchange, 200, "application/json", JSON.writeValueAsBytes(state()));
  }

  private void asset(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String name = path.equals("/") ? "index.html" : path.substring(1);
    if (name.contains("..") || name.contains("/")) {
      send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
      return;
    }
    try (InputStream in = Dashboard.class.getResourceAsStream("/dashboard/" + name)) {
      if (in == null) {
        send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String ext = name.substring(name.lastIndexOf('.') + 1);
      send(exchange, 200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() throws InterruptedException {
    server.stop(0);
    scraper.shutdownNow();
    feed.close();
  }
}
