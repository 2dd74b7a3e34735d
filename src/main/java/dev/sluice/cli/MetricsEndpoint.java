package dev.sluice.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A run's Prometheus endpoint ({@code --metricsPort}), read by {@code top} and {@code dashboard}.
 */
final class MetricsEndpoint {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final URI uri;
  private final int port;

  MetricsEndpoint(String host, int port) {
    this.uri = URI.create("http://" + host + ":" + port + "/metrics");
    this.port = port;
  }

  URI uri() {
    return uri;
  }

  /** The pipelines the endpoint reports; one line naming the fix when nothing answers. */
  List<ScrapedRun> scrape() {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(uri + " answered HTTP " + response.statusCode());
      }
      return ScrapedRun.of(PrometheusText.parse(response.body()));
    } catch (IOException e) {
      throw new IllegalStateException(
          "nothing answers at "
              + uri
              + ": start the run with --metricsPort="
              + port
              + " (sluice run PIPELINE --metricsPort="
              + port
              + " ...) or pass the port it uses");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
