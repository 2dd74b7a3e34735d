package dev.sluice.cli;

import dev.sluice.generator.ClickstreamConfig;
import dev.sluice.generator.ClickstreamGenerator;
import dev.sluice.generator.ClickstreamTruthWriter;
import dev.sluice.generator.EventGenerator;
import dev.sluice.generator.FraudTruth;
import dev.sluice.generator.GeneratorConfig;
import dev.sluice.generator.IotConfig;
import dev.sluice.generator.IotGenerator;
import dev.sluice.generator.KafkaEventWriter;
import dev.sluice.generator.PaymentsConfig;
import dev.sluice.generator.PaymentsGenerator;
import dev.sluice.generator.RecordCounts;
import dev.sluice.generator.TruthAnomaly;
import dev.sluice.generator.TruthWriter;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.pipelines.clickstream.ClickstreamPipeline;
import dev.sluice.pipelines.paymentsrisk.PaymentsRiskPipeline;
import dev.sluice.quality.Alert;
import dev.sluice.quality.ClickstreamResult;
import dev.sluice.quality.EvaluationResult;
import dev.sluice.quality.IotEvaluation;
import dev.sluice.quality.PaymentsEvaluation;
import dev.sluice.quality.TruthWindow;
import dev.sluice.time.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's input for a pipeline's workload: the sensor stream with every defect, or an IoT fleet
 * with known anomalies whose truth then judges the alerts the pipeline wrote.
 */
final class DemoWorkload {

  /** A fixed start keeps the demo's fleet, and so its figures, the same from run to run. */
  private static final Instant IOT_START = Instant.parse("2026-01-05T00:00:00Z");

  private final String scenario;
  private List<TruthAnomaly> truth = List.of();
  private ClickstreamGenerator shop;
  private PaymentsGenerator payments;

  DemoWorkload(PipelineSpec.Workload<?> workload) {
    this.scenario = workload.scenario();
  }

  String describe(long events) {
    if (PipelineSpec.Workload.PAYMENTS.equals(scenario)) {
      return cards(events)
          + " cards over a day (habits, heavy users, travellers; card testing, impossible"
          + " travel, amount spikes, a merchant under attack; repeats, malformed, late)";
    }
    if (PipelineSpec.Workload.CLICKSTREAM.equals(scenario)) {
      return "a shop of "
          + shoppers(events)
          + " users over a day (scripted journeys, bots, late clicks that"
          + " merge sessions, repeats, malformed records)";
    }
    return PipelineSpec.Workload.IOT.equals(scenario)
        ? "an IoT fleet of "
            + devices(events)
            + " devices over a day (daily cycles, drift, gaps,"
            + " repeats, malformed readings, known anomalies)"
        : events + " CloudEvents (out of order, late, repeated, malformed)";
  }

  RecordCounts write(Map<String, Object> client, String topic, long seed, long events) {
    try (KafkaEventWriter writer = new KafkaEventWriter(client, topic)) {
      PrintWriter progress = new PrintWriter(System.err, true);
      if (PipelineSpec.Workload.IOT.equals(scenario)) {
        IotConfig config =
            new IotConfig(
                seed,
                devices(events),
                IotConfig.DEFAULT_SITES,
                IOT_START,
                Duration.ofDays(1),
                IotConfig.DEFAULT_INTERVAL,
                IotConfig.DEFAULT_ANOMALIES_PER_DEVICE_PER_DAY,
                null);
        IotGenerator generator = new IotGenerator(config);
        RecordCounts counts = writer.writeAll(generator, generator.expectedRecords(), 0, progress);
        truth = generator.truth();
        return counts;
      }
      if (PipelineSpec.Workload.PAYMENTS.equals(scenario)) {
        payments =
            new PaymentsGenerator(
                new PaymentsConfig(
                    seed,
                    cards(events),
                    IOT_START,
                    Duration.ofDays(1),
                    PaymentsConfig.DEFAULT_FRAUD_CARD_SHARE,
                    null));
        return writer.writeAll(payments, payments.expectedRecords(), 0, progress);
      }
      if (PipelineSpec.Workload.CLICKSTREAM.equals(scenario)) {
        shop =
            new ClickstreamGenerator(ClickstreamConfig.defaults(seed, shoppers(events), IOT_START));
        return writer.writeAll(shop, shop.expectedRecords(), 0, progress);
      }
      GeneratorConfig config = GeneratorConfig.builder().seed(seed).count(events).keys(200).build();
      return writer.writeAll(new EventGenerator(config), events, 0, progress);
    }
  }

  /** With a truth: how what the pipeline wrote scores against it. */
  void judge(String bootstrap, SluiceOptions options, String topic, Path dir, PrintStream out)
      throws IOException {
    if (payments != null && options instanceof PaymentsRiskPipeline.Options o) {
      judgePayments(bootstrap, o, dir, out);
      return;
    }
    if (shop != null && options instanceof ClickstreamPipeline.Options o) {
      Path file = dir.resolve("truth.jsonl");
      ClickstreamTruthWriter.write(shop, file);
      ClickstreamResult result =
          EvaluateClickstreamCommand.evaluateTopics(
              bootstrap,
              file,
              o.getSessionsTopic(),
              o.getFunnelsTopic(),
              o.getCaptureLate() ? o.getLateTopic() : "",
              o.getDeadLetterTopic(),
              Durations.parsePositive("--sessionGap", o.getSessionGap()),
              Durations.parsePositive("--stepTimeout", o.getStepTimeout()));
      out.printf(
          "%nsessions and funnels against the shop's truth (sluice evaluate clickstream):%n");
      out.print(result.toTable());
      return;
    }
    if (truth.isEmpty() || topic.isBlank()) {
      return;
    }
    Path file = dir.resolve("truth.jsonl");
    TruthWriter.write(truth, file);
    List<Alert> alerts = TopicSnapshot.values(bootstrap, topic).stream().map(Alert::parse).toList();
    EvaluationResult result =
        IotEvaluation.evaluate(TruthWindow.read(file), alerts, Duration.ofMinutes(10));
    out.printf("%nalerts against the generator's truth (sluice evaluate iot):%n");
    out.println(result.toTable());
  }

  /** Review and block against the injected fraud (sluice evaluate payments). */
  private void judgePayments(
      String bootstrap, PaymentsRiskPipeline.Options o, Path dir, PrintStream out)
      throws IOException {
    Path file = dir.resolve("fraud.jsonl");
    FraudTruth.write(payments.truth(), file);
    List<PaymentsEvaluation.Fraud> frauds = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        frauds.add(PaymentsEvaluation.parseTruth(line));
      }
    }
    List<PaymentsEvaluation.Verdict> verdicts = new ArrayList<>();
    for (String topic : List.of(o.getApproveTopic(), o.getReviewTopic(), o.getBlockTopic())) {
      TopicSnapshot.values(bootstrap, topic)
          .forEach(v -> verdicts.add(PaymentsEvaluation.parseDecision(v)));
    }
    out.printf("%ndecisions against the injected fraud (sluice evaluate payments):%n");
    out.print(PaymentsEvaluation.evaluate(frauds, verdicts).toTable());
  }

  /** A day of about 9 records per card (measured on the demo's day). */
  private static int cards(long events) {
    return (int) Math.max(20, Math.min(5000, events / 9));
  }

  /** A day of about 38 records per user (shoppers and their share of bots, measured). */
  private static int shoppers(long events) {
    return (int) Math.max(10, Math.min(5000, events / 38));
  }

  /** A day of readings a minute per device: about {@code events} records in all. */
  private static int devices(long events) {
    return (int) Math.max(2, Math.min(200, events / 1440));
  }
}
