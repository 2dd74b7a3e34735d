package dev.sluice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.generator.ClickstreamConfig;
import dev.sluice.generator.ClickstreamGenerator;
import dev.sluice.generator.EventGenerator;
import dev.sluice.generator.GeneratedRecord;
import dev.sluice.generator.GeneratorConfig;
import dev.sluice.generator.KafkaEventWriter;
import dev.sluice.generator.PaymentsConfig;
import dev.sluice.generator.PaymentsGenerator;
import dev.sluice.generator.RecordCounts;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.AuditReport;
import dev.sluice.kit.Chart;
import dev.sluice.kit.PipelineRun;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.RunSummary;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.transforms.SluiceMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.PipelineResult;

/**
 * Any catalogued pipeline on the shared broker: its scenario topics under a fresh prefix, generated
 * input, a run, and what every run must satisfy (its accounting identities, its audit).
 */
public final class PipelineScenario<O extends SluiceOptions> {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final AtomicInteger RUNS = new AtomicInteger();

  private final PipelineSpec<O> spec;
  private final List<String> args;
  private final O options;
  private final String bootstrap = SharedKafka.bootstrapServers();

  /**
   * @param extra flags after the scenario's own (e.g. the metrics a workload carries)
   */
  public PipelineScenario(PipelineSpec<O> spec, Path dir, String... extra) {
    this.spec = spec;
    String prefix = "scn" + RUNS.incrementAndGet() + "-" + spec.name();
    args = new ArrayList<>(spec.scenarioArgs(prefix, dir));
    args.addAll(Arrays.asList(extra));
    args.addAll(List.of("--bootstrapServers=" + bootstrap, "--groupId=" + prefix));
    options = spec.parse(args.toArray(new String[0]));
    PipelineRun.createTopics(spec, options, 2, 1);
  }

  /** Generated CloudEvents with every defect, into the first input topic. */
  public RecordCounts produce(GeneratorConfig config) {
    try (KafkaEventWriter writer =
        new KafkaEventWriter(
            Map.of("bootstrap.servers", bootstrap), options.getInputTopic().get(0))) {
      return writer.writeAll(
          new EventGenerator(config), config.count(), 0, new PrintWriter(System.err, true));
    }
  }

  /**
   * Input that fits the pipeline's workload, with every defect: for sensor-reading pipelines five
   * minutes of event time (enough for windows and scores to become final by the input's own
   * watermark, which is all an audit may judge); for clickstream a day of 60 shoppers; for payments
   * a day of 150 cards.
   */
  public RecordCounts produceWorkload(long seed) {
    return produceWorkload(seed, GeneratorConfig.DEFAULT_BINARY_SHARE, 1);
  }

  /**
   * The same workload with {@code binaryShare} of sensor events in binary content mode (0 for a
   * copy to a source without record headers, Kinesis), and {@code scale} times as many readings,
   * cards or shoppers (below 1, without clickstream's bot).
   */
  public RecordCounts produceWorkload(long seed, double binaryShare, double scale) {
    if (PipelineSpec.Workload.PAYMENTS.equals(spec.workload().scenario())) {
      PaymentsGenerator cards =
          new PaymentsGenerator(
              new PaymentsConfig(
                  seed,
                  (int) Math.ceil(150 * scale),
                  Instant.parse("2026-01-05T00:00:00Z"),
                  Duration.ofDays(1),
                  PaymentsConfig.DEFAULT_FRAUD_CARD_SHARE,
                  null));
      return produce(cards, cards.expectedRecords());
    }
    if (PipelineSpec.Workload.CLICKSTREAM.equals(spec.workload().scenario())) {
      ClickstreamGenerator clicks =
          new ClickstreamGenerator(
              new ClickstreamConfig(
                  seed,
                  (int) Math.ceil(60 * scale),
                  // A smaller day has no bot: a bot's thousand page views are on one key.
                  scale < 1 ? 0 : -1,
                  Instant.parse("2026-01-05T00:00:00Z"),
                  ClickstreamConfig.DEFAULT_DURATION,
                  ClickstreamConfig.DEFAULT_SESSION_GAP,
                  ClickstreamConfig.DEFAULT_STEP_TIMEOUT,
                  null));
      return produce(clicks, clicks.expectedRecords());
    }
    return produce(
        GeneratorConfig.builder()
            .seed(seed)
            .count((long) Math.ceil(3000 * scale))
            .keys(50)
            .eventsPerSecondOfEventTime(10)
            .binaryShare(binaryShare)
            .build());
  }

  /** Any generated records (an IoT fleet, say), into the first input topic. */
  public RecordCounts produce(java.util.Iterator<GeneratedRecord> records, long total) {
    try (KafkaEventWriter writer =
        new KafkaEventWriter(
            Map.of("bootstrap.servers", bootstrap), options.getInputTopic().get(0))) {
      return writer.writeAll(records, total, 0, new PrintWriter(System.err, true));
    }
  }

  public O options() {
    return options;
  }

  /** The scenario's own flags (topics, broker, group), as a command line gives them. */
  public List<String> args() {
    return List.copyOf(args);
  }

  public String bootstrap() {
    return bootstrap;
  }

  /**
   * What every catalogued pipeline owes on {@code runner}: a bounded run over generated input
   * (late, repeated, malformed events) succeeds, every record is read and accounted for by its own
   * identities, and the audit recomputed from the input topic is clean.
   */
  public void assertBoundedRunIsClean(String... runner) {
    RecordCounts produced = produceWorkload(7);
    RunSummary summary = runBounded(runner);
    assertTrue(summary.succeeded(), summary.format());
    assertEquals(produced.total(), summary.counter(SluiceMetrics.READ), summary.format());
    assertTrue(summary.counter(SluiceMetrics.INVALID) > 0, "the generator makes bad records");
    assertTrue(spec.accounting().balanced(summary), spec.accounting().line(summary));
    AuditReport audit = audit();
    assertTrue(audit.clean(), audit.format());
    assertTrue(audit.checked() > 0, audit.format());
    assertChartsReadTheirTopics();
  }

  /**
   * Every dashboard chart whose topics hold records draws points from them: its field names match
   * what the pipeline writes.
   */
  public void assertChartsReadTheirTopics() {
    int drawing = 0;
    for (Chart chart : spec.charts(options)) {
      int records = 0;
      int points = 0;
      for (String topic : chart.topics()) {
        List<String> values = TopicSnapshot.values(bootstrap(), topic);
        records += values.size();
        for (int i = 0; i < values.size(); i++) {
          try {
            points += chart.points(JSON.readTree(values.get(i)), topic, topic + "@" + i).size();
          } catch (java.io.IOException e) {
            throw new AssertionError(topic + " holds a record that is not JSON", e);
          }
        }
      }
      drawing += points > 0 ? 1 : 0;
      assertTrue(
          records == 0 || points > 0,
          "chart '"
              + chart.title()
              + "' drew nothing from "
              + records
              + " records of "
              + chart.topics());
    }
    assertTrue(drawing > 0, spec.name() + ": no dashboard chart drew anything");
  }

  /** A bounded run with {@code runner} flags; the DirectRunner keeps its per-element checks. */
  public RunSummary runBounded(String... runner) {
    List<String> flags = new ArrayList<>(Arrays.asList(runner));
    flags.add("--bounded=true");
    return run(flags.toArray(new String[0]));
  }

  /** A run with {@code flags} as given: streaming unless they say {@code --bounded=true}. */
  public RunSummary run(String... flags) {
    List<String> all = new ArrayList<>(Arrays.asList(flags));
    if (all.contains("--runner=DirectRunner")) {
      all.addAll(List.of("--enforceImmutability=true", "--enforceEncodability=true"));
    }
    O run = checked(all);
    RunSummary summary = PipelineRun.execute(spec.name(), spec.build(run), run, System.err);
    System.err.println(summary.format());
    System.err.println(spec.accounting(options).line(summary));
    return summary;
  }

  /** A streaming Direct run with {@code flags}, started and left running for the caller to stop. */
  public PipelineResult start(String... flags) {
    List<String> all = new ArrayList<>(Arrays.asList(flags));
    all.addAll(List.of("--runner=DirectRunner", "--blockOnRun=false"));
    return spec.build(checked(all)).run();
  }

  /** The scenario's flags followed by {@code flags}, parsed, with the run's topics checked. */
  private O checked(List<String> flags) {
    List<String> all = new ArrayList<>(args);
    all.addAll(flags);
    O run = spec.parse(all.toArray(new String[0]));
    PipelineRun.checkTopics(spec, run);
    return run;
  }

  /**
   * Waits until a streaming run has read {@code records} and its counters stand still for three
   * seconds, then cancels it: what it counted by then is its summary. A stream has no end, so what
   * waits for the watermark to pass the last events (closing windows, sessions) may not be done.
   */
  public RunSummary stopWhenSettled(PipelineResult result, long records, Duration timeout)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    Map<String, Long> last = Map.of();
    int still = 0;
    try {
      while (still < 3) {
        assertTrue(!result.getState().isTerminal(), "the run ended " + result.getState());
        Map<String, Long> now = RunSummary.counters(result);
        boolean done = now.getOrDefault(SluiceMetrics.READ, 0L) >= records;
        still = done && now.equals(last) ? still + 1 : 0;
        if (!now.equals(last)) {
          System.err.printf(
              "%s: %.0f s, %s%n", spec.name(), (System.nanoTime() - start) / 1e9, now);
        }
        last = now;
        assertTrue(
            System.nanoTime() < deadline,
            "after " + timeout.toSeconds() + " s, of " + records + " records: " + now);
        Thread.sleep(1000);
      }
    } finally {
      try {
        result.cancel();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    RunSummary summary = summary(result, last, start);
    System.err.println(summary.format());
    System.err.println(spec.accounting(options).line(summary));
    return summary;
  }

  private RunSummary summary(PipelineResult result, Map<String, Long> counters, long start) {
    return new RunSummary(
        spec.name(),
        "DirectRunner",
        result.getState(),
        Duration.ofNanos(System.nanoTime() - start),
        counters,
        List.of());
  }

  public AuditReport audit() {
    return spec.audit(options);
  }

  public PipelineSpec<O> spec() {
    return spec;
  }
}
