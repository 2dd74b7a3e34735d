package dev.sluice.cli;

import static dev.sluice.cli.KafkaCliTest.sluice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.generator.GeneratorConfig;
import dev.sluice.generator.RecordCounts;
import dev.sluice.kit.MetricsEndpoint;
import dev.sluice.kit.MetricsOptions;
import dev.sluice.kit.PrometheusNames;
import dev.sluice.kit.RunSummary;
import dev.sluice.pipelines.windowedaggregate.WindowedAggregatePipeline;
import dev.sluice.testing.KafkaScenario;
import dev.sluice.time.PartitionProgress;
import dev.sluice.transforms.SluiceMetrics;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/**
 * {@code --metricsPort} and {@code sluice top} against a live streaming run on the DirectRunner and
 * a real broker: what Prometheus scrapes while the job runs adds up as the run summary's accounting
 * does, and {@code top --once} shows it.
 */
class TopCommandKafkaTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aRunningJobsScrapedCountersBalanceAndTopShowsThem() throws Exception {
    GeneratorConfig config =
        GeneratorConfig.builder()
            .seed(20261202)
            .count(200)
            .keys(20)
            .eventsPerSecondOfEventTime(20)
            .maxOutOfOrderness(Duration.ofSeconds(5))
            .window(Duration.ofSeconds(10))
            .allowedLateness(Duration.ofSeconds(30))
            .lateBeyondShare(0.03)
            .duplicateShare(0.04)
            .malformedShare(0.04)
            .build();
    KafkaScenario s = new KafkaScenario("metrics", 2, config);
    s.produceByKey();
    RecordCounts counts = s.counts();
    int port = freePort();
    MetricsOptions metricsFlags =
        PipelineOptionsFactory.fromArgs("--metricsPort=" + port).as(MetricsOptions.class);
    WindowedAggregatePipeline.Options options = s.optionsWith("--runner=DirectRunner");
    Thread watching = null;
    KafkaCliTest.Run[] watched = new KafkaCliTest.Run[1];
    long t0 = System.nanoTime();
    PipelineResult job = s.startStreaming("--runner=DirectRunner");
    try (MetricsEndpoint endpoint =
        MetricsEndpoint.serve("windowed-aggregate", () -> job, metricsFlags)) {
      assertEquals("http://127.0.0.1:" + port + "/metrics", endpoint.url());
      URI uri = URI.create(endpoint.url());

      // Counters of different steps move at different times: wait until the job has read
      // everything and its counters have settled, then check them as the run summary would.
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      String text = "";
      ScrapedRun run = null;
      while (System.nanoTime() < deadline) {
        text = scrape(uri);
        List<ScrapedRun> runs = ScrapedRun.of(PrometheusText.parse(text));
        run = runs.isEmpty() ? null : runs.get(0);
        if (run != null
            && run.counter(SluiceMetrics.READ) == counts.total()
            && balanced(run, options)
            && run.partitions().size() == 2
            && run.partitions().stream().allMatch(p -> p.watermarkMillis() != null)) {
          break;
        }
        Thread.sleep(500);
      }
      System.err.printf("TIMING balanced after %.1f s%n", (System.nanoTime() - t0) / 1e9);
      assertEquals(PipelineResult.State.RUNNING, job.getState(), "scraped during the run");
      assertTrue(run != null, text);
      assertEquals(counts.total(), run.counter(SluiceMetrics.READ), text);
      assertEquals(counts.malformed(), run.counter(SluiceMetrics.INVALID), text);
      assertEquals(
          run.counter(SluiceMetrics.READ),
          run.counter(SluiceMetrics.VALID) + run.counter(SluiceMetrics.INVALID),
          text);
      assertEquals(
          run.counter(SluiceMetrics.VALID),
          run.counter(SluiceMetrics.DUPLICATES)
              + run.counter(SluiceMetrics.AGGREGATED)
              + run.counter(SluiceMetrics.LATE),
          text);
      assertTrue(run.counter(SluiceMetrics.DUPLICATES) > 0, text);
      assertTrue(balanced(run, options), text);
      // The documented names, labels and types, as Prometheus sees them.
      assertTrue(
          text.contains(
              "sluice_records_read_total{pipeline=\"windowed-aggregate\"} "
                  + counts.total()
                  + ".0"),
          text);
      assertTrue(text.contains("# TYPE sluice_records_read_total counter"), text);
      assertTrue(text.contains("sluice_dropped_due_to_lateness_total{"), text);
      assertTrue(text.contains("# TYPE sluice_watermark_millis gauge"), text);
      String topic = run.partitions().get(0).partition().replaceAll("-0$", "");
      assertTrue(
          text.contains(
              PrometheusNames.LAG
                  + "{partition=\"0\",pipeline=\"windowed-aggregate\",topic=\""
                  + topic
                  + "\"} 0.0"),
          text);
      // Each partition's watermark lies in this data's event time (200 events at 20 per second,
      // minus the 10 s out-of-orderness bound).
      long start = config.startTime().toEpochMilli();
      for (PartitionProgress p : run.partitions()) {
        assertTrue(
            p.watermarkMillis() > start - 10_000 && p.watermarkMillis() < start + 10_000,
            p + " vs start " + config.startTime());
      }

      KafkaCliTest.Run top =
          sluice("top", "--metricsPort", Integer.toString(port), "--once", "--interval", "300ms");
      System.err.println(top.out());
      assertEquals(0, top.code(), top.err());
      assertTrue(top.out().startsWith("sluice top  " + endpoint.url()), top.out());
      assertTrue(top.out().contains("\nwindowed-aggregate\n"), top.out());
      assertTrue(
          top.out().matches("(?s).*records_read +" + counts.total() + " +0\\.0\n.*"), top.out());
      assertTrue(top.out().contains(topic + "-1  "), top.out());
      assertTrue(!top.out().contains("\033["), "no screen clearing into a pipe");

      // Without --once: frame after frame, a blank line between them in a pipe, until the run ends.
      watching =
          new Thread(
              () -> watched[0] = sluice("top", "--metricsPort", "" + port, "--interval", "300ms"));
      watching.start();
      Thread.sleep(2000);
    } finally {
      job.cancel();
    }
    if (watching != null) {
      watching.join(15_000);
      KafkaCliTest.Run frames = watched[0];
      assertTrue(frames != null, "top kept running after the endpoint closed");
      assertEquals(0, frames.code(), frames.err());
      assertTrue(frames.out().contains("\n\nsluice top  http://127.0.0.1:" + port), frames.out());
      assertTrue(frames.out().strip().endsWith("stopped answering (the run ended)"), frames.out());
    }
    // The endpoint is gone with the run: top says so in one line and what to do.
    KafkaCliTest.Run gone = sluice("top", "--metricsPort", Integer.toString(port), "--once");
    assertEquals(1, gone.code(), gone.out());
    assertEquals(1, gone.err().strip().lines().count(), gone.err());
    assertTrue(
        gone.err().contains("nothing answers at http://127.0.0.1:" + port + "/metrics"),
        gone.err());
    assertTrue(gone.err().contains("--metricsPort=" + port), gone.err());
  }

  private static boolean balanced(ScrapedRun run, WindowedAggregatePipeline.Options options) {
    RunSummary asSummary =
        new RunSummary(
            run.pipeline(),
            "DirectRunner",
            PipelineResult.State.RUNNING,
            Duration.ZERO,
            run.counters());
    return WindowedAggregatePipeline.SPEC.accounting(options).balanced(asSummary);
  }

  static String scrape(URI uri) throws Exception {
    HttpResponse<String> r =
        HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    return r.body();
  }
}
