package dev.sluice.pipelines.paymentsrisk;

import dev.sluice.event.EventParser;
import dev.sluice.kit.Accounting;
import dev.sluice.kit.AuditedInput;
import dev.sluice.kit.Database;
import dev.sluice.kit.Ingest;
import dev.sluice.kit.LateDataOptions;
import dev.sluice.kit.PipelineResources;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.ResultTable;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.kit.WriteOutputs;
import dev.sluice.rules.InvalidRules;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.Durations;
import dev.sluice.transforms.SluiceMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * payments-risk: each card's payments in event-time order, scored by weighted rules over the card's
 * recent features, one decision per payment on an approve, review or block topic; hourly totals per
 * merchant and tier in Beam SQL (issue 12, seed 6.3).
 */
public final class PaymentsRiskPipeline {

  public static final String NAME = "payments-risk";

  /** Options of payments-risk; durations take 500ms, 10s, 2m, 1h, 7d or ISO-8601. */
  public interface Options extends SluiceOptions, LateDataOptions {
    @Description("Topic of the approved payments: one decision JSON per payment, keyed by card.")
    @Validation.Required
    String getApproveTopic();

    void setApproveTopic(String value);

    @Description("Topic of the payments sent to review: one decision JSON each, keyed by card.")
    @Validation.Required
    String getReviewTopic();

    void setReviewTopic(String value);

    @Description("Topic of the blocked payments: one decision JSON each, keyed by card.")
    @Validation.Required
    String getBlockTopic();

    void setBlockTopic(String value);

    @Description("Topic of the hourly totals per merchant and per tier (Beam SQL).")
    @Validation.Required
    String getTotalsTopic();

    void setTotalsTopic(String value);

    @Description(
        "Risk rule file (YAML); empty for the built-in pipelines/payments-risk/rules.yaml.")
    @Default.String("")
    String getRules();

    void setRules(String value);

    @Description(
        "Compacted topic of risk rule files, read while the job runs: a newer version applies to"
            + " payments at or after its record's timestamp; an invalid or older one is refused"
            + " (counted, logged, a dead letter) and the rules in force stay. Empty for none.")
    @Default.String("")
    String getRulesTopic();

    void setRulesTopic(String value);

    @Description("Keyed shards of the scoring with --rulesTopic; each keeps the rule history.")
    @Default.Integer(8)
    int getScoringShards();

    void setScoringShards(int value);

    @Description(
        "How far behind the watermark a payment may arrive and still be scored in order; later"
            + " ones go to --lateTopic. Each decision waits this long (plus 10 s) in event time.")
    @Default.String("30s")
    String getAllowedLateness();

    void setAllowedLateness(String value);

    // Not --forgetAfter: option names are global in a JVM, and iot-telemetry's defaults to 24h.
    @Description(
        "A card without payments this long (event time) is forgotten, its amount habit too."
            + " Its last hour of payments is dropped an hour after its last payment anyway.")
    @Default.String("7d")
    String getForgetCardsAfter();

    void setForgetCardsAfter(String value);

    @Description("Drop repeats of (source, id) within the gate's horizon.")
    @Default.Boolean(true)
    boolean getDeduplicate();

    void setDeduplicate(boolean value);

    @Description("Keyed shards of the gate that drops repeats and diverts late payments.")
    @Default.Integer(32)
    int getAdmissionShards();

    void setAdmissionShards(int value);
  }

  public static final PipelineSpec<Options> SPEC =
      PipelineSpec.of(
              NAME,
              "payments scored per card in event-time order by weighted rules, totals in Beam SQL",
              Options.class,
              PaymentsRiskPipeline::build)
          .withOutputTopics(
              o ->
                  List.of(
                      o.getApproveTopic(),
                      o.getReviewTopic(),
                      o.getBlockTopic(),
                      o.getTotalsTopic()))
          .withControlTopics(
              o -> o.getRulesTopic().isBlank() ? List.of() : List.of(o.getRulesTopic()))
          .withExampleArgs(
              "--inputTopic=payments",
              "--approveTopic=risk-approve",
              "--reviewTopic=risk-review",
              "--blockTopic=risk-block",
              "--totalsTopic=risk-totals",
              "--deadLetterTopic=dead-letters",
              "--lateTopic=late")
          .withScenario(
              (prefix, dir) ->
                  List.of(
                      "--inputTopic=" + prefix + "-payments",
                      "--approveTopic=" + prefix + "-risk-approve",
                      "--reviewTopic=" + prefix + "-risk-review",
                      "--blockTopic=" + prefix + "-risk-block",
                      "--totalsTopic=" + prefix + "-risk-totals",
                      "--deadLetterTopic=" + prefix + "-dead-letters",
                      "--lateTopic=" + prefix + "-late"))
          .withAudit(PaymentsRiskPipeline::audit)
          .withView(PaymentsRiskView::show)
          .withCharts(PaymentsRiskCharts::of)
          .withWorkload(PipelineSpec.Workload.PAYMENTS, o -> "")
          .withAccounting(
              Accounting.ofAdmission()
                  .identity(SluiceMetrics.AGGREGATED, RiskMetrics.SCORED)
                  .identity(
                      RiskMetrics.SCORED,
                      RiskMetrics.APPROVED,
                      RiskMetrics.REVIEWED,
                      RiskMetrics.BLOCKED));

  private PaymentsRiskPipeline() {}

  /** What the options ask the pipeline to compute (also what a plain-Java replay needs). */
  public static PaymentsRisk.Settings settings(Options o) {
    return new PaymentsRisk.Settings(
        new PaymentsRisk.RulesSource(rules(o.getRules()), o.getRulesTopic(), o.getScoringShards()),
        new TotalPayments.Queries(
            PipelineResources.text(NAME + "/merchant-totals.sql"),
            PipelineResources.text(NAME + "/tier-totals.sql")),
        Durations.parseJoda("--allowedLateness", o.getAllowedLateness()),
        Durations.parsePositiveJoda("--forgetCardsAfter", o.getForgetCardsAfter()),
        new PaymentsRisk.Gate(o.getDeduplicate(), o.getCaptureLate(), o.getAdmissionShards()));
  }

  static RiskRules rules(String file) {
    if (file.isBlank()) {
      return RiskRules.fromClasspath();
    }
    try {
      return RiskRules.fromFile(Path.of(file));
    } catch (InvalidRules e) {
      throw new IllegalArgumentException("--rules " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("--rules " + file + " cannot be read", e);
    }
  }

  /** Maps options to transforms. */
  public static Pipeline build(Options options) {
    if (options.getCaptureLate() && options.getLateTopic().isBlank()) {
      throw new IllegalArgumentException("--lateTopic is required unless --captureLate=false");
    }
    PaymentsRisk.Settings settings = settings(options);
    EventParser parser = Ingest.parser(options).requiring(Payment.EXTRACTOR);
    Pipeline pipeline = Pipeline.create(options);
    PCollectionTuple out =
        pipeline
            .apply(
                "ReadEvents",
                Ingest.read(
                    options,
                    parser,
                    settings.gateWindows(),
                    options.getCaptureLate(),
                    SPEC.controlTopics(options)))
            .apply("PaymentsRisk", new PaymentsRisk(parser, settings, RunnerTraits.of(options)));
    ResultTable decisions = ResultTable.of("payments_decisions");
    List<WriteOutputs.Output<?>> outputs =
        List.of(
            WriteOutputs.Output.text(
                    "approve", PaymentsRisk.APPROVED, options.getApproveTopic(), kv -> kv)
                .storedIn(decisions),
            WriteOutputs.Output.text(
                    "review", PaymentsRisk.REVIEW, options.getReviewTopic(), kv -> kv)
                .storedIn(decisions),
            WriteOutputs.Output.text(
                    "block", PaymentsRisk.BLOCKED, options.getBlockTopic(), kv -> kv)
                .storedIn(decisions),
            WriteOutputs.Output.text(
                    "totals", PaymentsRisk.TOTALS, options.getTotalsTopic(), kv -> kv)
                .storedIn(
                    ResultTable.of("payments_tier_totals", "payments", "pane")
                        .where("stats", "tier"),
                    ResultTable.of("payments_merchant_totals", "payments", "pane")
                        .where("stats", "merchant")),
            WriteOutputs.Output.deadLetters(
                PaymentsRisk.DEAD_LETTERS, options.getDeadLetterTopic()),
            WriteOutputs.Output.late(
                PaymentsRisk.LATE, options.getCaptureLate() ? options.getLateTopic() : ""));
    out.apply("WriteOutputs", new WriteOutputs(Ingest.sink(options), outputs));
    Database.store(NAME, options, out, outputs);
    return pipeline;
  }

  /** Recomputes the job's decisions from its input topic and compares. */
  static PaymentsRiskReport audit(Options o) {
    AuditedInput input = AuditedInput.read(o, Ingest.parser(o).requiring(Payment.EXTRACTOR));
    return new PaymentsRiskAudit(settings(o))
        .audit(
            input,
            PaymentsRiskAudit.Written.read(
                o.getBootstrapServers(),
                o.getApproveTopic(),
                o.getReviewTopic(),
                o.getBlockTopic()));
  }

  public static void main(String[] args) {
    System.exit(SPEC.main(args));
  }
}
